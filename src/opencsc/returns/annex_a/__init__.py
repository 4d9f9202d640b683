"""Ofsted ILACS Annex A child-level lists: ``export.export_annex_a`` writes the workbook.

``template`` (sheets, columns, header wording per template version), ``labels`` (every cell
label), ``lists`` (who is on each list and how each column is derived), ``context`` (the
reporting window and the people on the lists), ``placement`` (In/Out of area from a postcode).
"""
