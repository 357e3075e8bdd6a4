#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/check_json.py JSON-SCHEMA XSD FILE...: the JSON of imrc against schemas/imrc.schema.json, in one process.

Prints one line per check, "ok ..." or "not ok ...":
  - the JSON Schema says what the mapping rule (README, "JSON") makes of every type of the XSD, read here with
    python3-xmlschema (an engine of its own): a property per attribute (integer types as JSON integers, enumerated
    types with the same values, required
    ones required, children not compared), per child element (an array exactly when the parent's type lets it repeat, of the $defs entry
    named after the child's type, Text for a simple type) and "text" exactly when the type holds text;
  - the JSON Schema is valid and refuses documents that break the rule (a mutation of the first file: a
    request as a string, a repeatable element as one object, a number as a string, another major jsonVersion);
  - every FILE validates: NAME.json is one document, NAME.jsonl one document a line.
"""
import copy
import json
import sys

import jsonschema
import xmlschema

XS_INTEGER = "{http://www.w3.org/2001/XMLSchema}integer"


def report(ok, what, why=""):
    print(("ok " if ok else "not ok ") + what + ("" if ok or not why else ": " + why))


# Types made mixed after they were first written: their "text" stays optional, so that older outputs still validate.
MIXED_LATER = {"Item"}     # 1.3: the ": " between request and decision is the item's own text


def expected_properties(xsd, xsd_type):
    """What the mapping rule makes of xsd_type: {property: JSON Schema fragment}, and the required ones."""
    props, required = {}, set()
    integer = xsd.maps.types[XS_INTEGER]
    for name, attribute in xsd_type.attributes.items():
        values = getattr(attribute.type, "enumeration", None)
        props[name] = ("enum", tuple(sorted(values))) if values else \
            "integer" if attribute.type.is_derived(integer) else "string"
        if attribute.use == "required":
            required.add(name)
    if xsd_type.mixed or xsd_type.has_simple_content():
        props["text"] = "string"
        if xsd_type.local_name not in MIXED_LATER:
            required.add("text")
    if xsd_type.has_simple_content():
        return props, required

    def walk(group, many):
        many = many or group.max_occurs is None or group.max_occurs > 1
        for particle in group:
            if isinstance(particle, xmlschema.validators.XsdGroup):
                walk(particle, many)
                continue
            child = particle.local_name
            target = "Text" if particle.type.is_simple() else particle.type.local_name
            ref = {"$ref": "#/$defs/" + target}
            repeats = many or particle.max_occurs is None or particle.max_occurs > 1 or child in props
            props[child] = {"type": "array", "items": ref} if repeats else ref

    if xsd_type.content is not None:
        walk(xsd_type.content, False)
    return props, required


def declared_properties(defs, name):
    """The properties and required names of $defs[name], with those of a $ref'd entry (Inline) merged in."""
    entry = defs[name]
    props, required = dict(entry.get("properties", {})), set(entry.get("required", []))
    if "$ref" in entry:
        more, more_required = declared_properties(defs, entry["$ref"].split("/")[-1])
        props.update(more)
        required |= more_required
    return props, required


def shape_of(defs, fragment):
    """A property's schema reduced to what the mapping rule decides: a $ref to an element's entry (an object),
    an array of one, "integer" or "string" (a value's type, such as FieldName or date)."""
    if "$ref" in fragment and defs[fragment["$ref"].split("/")[-1]].get("type") == "object":
        return {"$ref": fragment["$ref"]}
    if "$ref" in fragment:
        return shape_of(defs, defs[fragment["$ref"].split("/")[-1]])
    if fragment.get("type") == "array":
        return {"type": "array", "items": shape_of(defs, fragment["items"])}
    if "enum" in fragment:
        return ("enum", tuple(sorted(fragment["enum"])))
    return "integer" if fragment.get("type") == "integer" else "string"


def check_agreement(schema, xsd):
    defs = schema["$defs"]
    for name, xsd_type in sorted(xsd.types.items()):
        if xsd_type.is_simple():
            continue
        if name not in defs:
            report(False, f"json schema has $defs/{name} for the XSD type")
            continue
        want, want_required = expected_properties(xsd, xsd_type)
        got, got_required = declared_properties(defs, name)
        if name in ("Determination", "PartialDetermination"):     # the roots
            got.pop("jsonVersion", None)
            got_required.discard("jsonVersion")
        got_required -= {p for p, v in want.items() if isinstance(v, dict)}   # which children: the XSD's business
        got = {p: shape_of(defs, v) for p, v in got.items()}
        problems = [f"{p}: XSD {want.get(p)}, JSON {got.get(p)}" for p in sorted(set(want) | set(got))
                    if want.get(p) != got.get(p)]
        if want_required != got_required:
            problems.append(f"required {sorted(want_required)} in the XSD, {sorted(got_required)} in JSON")
        report(not problems, f"json schema agrees with the XSD on {name}", "; ".join(problems))


def check_refusals(validator, document):
    """Mutations of a valid document that the schema must refuse."""
    def mutated(change):
        d = copy.deepcopy(document)
        change(d)
        return d
    cases = {
        "a request as a string": lambda d: d["items"]["item"][0].update(request=d["items"]["item"][0]["request"]["text"]),
        "a paragraph list as one object": lambda d: d["summary"].update(p=d["summary"]["p"][0]),
        "an item number as a string": lambda d: d["items"]["item"][0].update(number="1"),
        "an empty array": lambda d: d["reviewer"].update(specialty=[]),
        "jsonVersion 3.0": lambda d: d.update(jsonVersion="3.0"),
        "no jsonVersion": lambda d: d.pop("jsonVersion"),
        "a property of no element": lambda d: d["items"]["item"][0]["request"].update(colour=[{"text": "x"}]),
    }
    for what, change in cases.items():
        report(not validator.is_valid(mutated(change)), f"json schema refuses {what}")


def main():
    schema_path, xsd_path, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    schema = json.load(open(schema_path, encoding="utf-8"))
    xsd = xmlschema.XMLSchema(xsd_path)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        report(True, "json schema is a valid draft 2020-12 schema")
    except jsonschema.SchemaError as e:
        report(False, "json schema is a valid draft 2020-12 schema", e.message)
    validator = jsonschema.Draft202012Validator(schema)
    check_agreement(schema, xsd)
    first = None
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                documents = [json.loads(line) for line in f] if path.endswith(".jsonl") else [json.load(f)]
        except (OSError, ValueError) as e:
            report(False, f"json {path} validates", str(e))
            continue
        errors = [f"document {i + 1}: {e.json_path}: {e.message}" for i, d in enumerate(documents)
                  for e in validator.iter_errors(d)]
        report(documents and not errors, f"json {path} validates ({len(documents)} documents)", "; ".join(errors[:3]))
        first = first or (documents[0] if documents else None)
    if first:
        check_refusals(validator, first)


main()
