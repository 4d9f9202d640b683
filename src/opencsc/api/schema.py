"""Post-processing of the OpenAPI schema drf-spectacular generates."""


def closed_request_bodies(result, generator, request, public):
    """Request bodies take only the fields they list (the API refuses others, naming them)."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
    return result
