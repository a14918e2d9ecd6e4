#!/usr/bin/env python3
"""Generates phone numbers the way users type them, with what libphonenumber (the `phonenumbers` port) makes of
each, for the differential test of the Swift E.164 normalizer (Tests/IdentifierHashingTests).

    phone_corpus.py COUNT [--seed N]

Prints one JSON object per line: {"input", "region" (the default region it is parsed in), "e164" (phonenumbers'
E.164 of parse(input, region), null when it cannot parse), "origin" (the region the number belongs to), "spelling"
(how it is written)}.
Numbers are valid numbers of the supported regions, made by varying the digits of phonenumbers' example numbers
of every type, written in E.164, international, national and variants of them (dashes, dots, parentheses, no
separators, international dialling prefixes, the calling code without '+') and read in their own region or in
another supported one; plus random digit strings ("random"), valid or not.
"""
import json

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from corpus_args import count_and_rng

REGIONS = ["US", "CA", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "SE", "PL", "IE", "CH", "AT", "IN", "AU", "SG", "MX"]
TYPES = [
    PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE, PhoneNumberType.VOIP, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.UAN,
]
IDD = {"US": "011", "CA": "011", "AU": "0011", "SG": "001", "MX": "00"}


def valid_numbers(region, rng, wanted):
    """Valid numbers of `region`: example numbers with their trailing digits replaced at random."""
    examples = [n for n in (phonenumbers.example_number_for_type(region, t) for t in TYPES) if n is not None]
    found, attempts = [], 0
    while len(found) < wanted and attempts < wanted * 200:
        attempts += 1
        example = rng.choice(examples)
        nsn = phonenumbers.national_significant_number(example)
        keep = rng.randint(min(3, len(nsn) - 1), len(nsn) - 1)
        digits = nsn[:keep] + "".join(rng.choice("0123456789") for _ in range(len(nsn) - keep))
        number = phonenumbers.parse("+%d%s" % (example.country_code, digits), None)
        if phonenumbers.is_valid_number_for_region(number, region):
            found.append(number)
    return found


def spellings(number, region, rng):
    """The ways a user writes `number`, each with the region it is read in."""
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    nsn = phonenumbers.national_significant_number(number)
    code = str(number.country_code)
    other = rng.choice(REGIONS)
    out = [
        (e164, other, "e164"), (international, other, "international"),
        (international.replace(" ", "-"), other, "international-dashes"),
        (national, region, "national"), (national.replace(" ", "-"), region, "national-dashes"),
        (national.replace(" ", "."), region, "national-dots"),
        ("".join(c for c in national if c.isdigit()), region, "national-digits"), ("  %s " % national, region, "national-padded"),
        (IDD.get(other, "00") + " " + international[1:], other, "international-prefix"),
        (code + nsn, region, "code-without-plus"),
    ]
    groups = international.split(" ")
    if len(groups) >= 3:
        out.append(("+%s (%s) %s" % (groups[0][1:], groups[1], "-".join(groups[2:])), other, "international-parentheses"))
    return out


def random_spellings(rng, count):
    """Digit strings of any length in any supported region, valid or not: whatever the normalizer accepts of them
    must still equal libphonenumber's reading."""
    out = []
    for _ in range(count):
        region = rng.choice(REGIONS)
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(3, 17)))
        start = rng.choice(["", "", "+", "0", "00", "011", "1", "44", "49"])
        text = start + digits
        if rng.random() < 0.5:
            cut = rng.randint(1, len(text) - 1)
            text = text[:cut] + rng.choice([" ", "-", ".", ") ", "/"]) + text[cut:]
        out.append((text, region, "random"))
    return out


def main():
    count, rng = count_and_rng()
    per_region = max(1, count // (len(REGIONS) * 12))
    for region in REGIONS:
        numbers = valid_numbers(region, rng, per_region)
        written = [s for number in numbers for s in spellings(number, region, rng)]
        written += random_spellings(rng, per_region)
        for text, default_region, spelling in written:
                try:
                    parsed = phonenumbers.parse(text, default_region)
                    expected = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
                except phonenumbers.NumberParseException:
                    expected = None
                print(json.dumps({"input": text, "region": default_region, "e164": expected, "origin": region,
                                  "spelling": spelling}))


if __name__ == "__main__":
    main()
