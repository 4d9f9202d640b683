"""Names for synthetic people: ordinary first names, surnames no real family carries.

Surnames are made of two invented halves ("Thistlekettle", "Pepperwhistle") so that nobody
can mistake a synthetic child for a real one, in a demo, a screenshot or a test failure.
"""

import random

FIRST_F = [
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Freya",
    "Florence",
    "Willow",
    "Rosie",
    "Sophia",
    "Evie",
    "Poppy",
    "Ella",
    "Grace",
    "Daisy",
    "Harper",
    "Ruby",
    "Millie",
    "Esme",
    "Aisha",
    "Zara",
    "Maya",
    "Amara",
    "Leah",
    "Nadia",
    "Priya",
    "Hana",
    "Chloe",
    "Erin",
]
FIRST_M = [
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Leo",
    "Oscar",
    "Harry",
    "Archie",
    "Jack",
    "Henry",
    "Charlie",
    "Freddie",
    "Theo",
    "Alfie",
    "Jacob",
    "Thomas",
    "Finley",
    "Reuben",
    "Logan",
    "Joshua",
    "Musa",
    "Yusuf",
    "Kian",
    "Tariq",
    "Omar",
    "Ibrahim",
    "Dylan",
    "Ethan",
    "Kai",
    "Ravi",
]
_FRONT = [
    "Thistle",
    "Pepper",
    "Bramble",
    "Nettle",
    "Puddle",
    "Quill",
    "Tumble",
    "Fiddle",
    "Sorrel",
    "Marrow",
    "Hobble",
    "Wimble",
    "Crumble",
    "Dapple",
    "Fennel",
    "Gorse",
    "Juniper",
    "Kettle",
    "Lantern",
    "Muddle",
    "Noodle",
    "Oddle",
    "Pickle",
    "Rumble",
    "Snuggle",
    "Trundle",
    "Umber",
    "Waffle",
    "Yarrow",
    "Zephyr",
]
_BACK = [
    "whistle",
    "kettle",
    "wick",
    "bottom",
    "sprocket",
    "button",
    "snap",
    "mop",
    "thorn",
    "fen",
    "puff",
    "bucket",
    "wobble",
    "sprout",
    "tuck",
    "dew",
    "spoon",
    "patch",
    "nook",
    "ling",
]


def surname(rng: random.Random) -> str:
    return rng.choice(_FRONT) + rng.choice(_BACK)


def first_name(rng: random.Random, sex: str) -> str:
    if sex == "F":
        return rng.choice(FIRST_F)
    if sex == "M":
        return rng.choice(FIRST_M)
    return rng.choice(FIRST_F + FIRST_M)
