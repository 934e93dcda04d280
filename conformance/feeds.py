"""Checks for the feeds and the calendar of a built site.

Usage: feeds.py atom FILE | rss FILE | ics FILE

Prints one line per finding and exits 1 if there is any, 0 otherwise. conformance/run
runs xmllint (well-formedness, and RELAX NG for Atom) before these.
"""

import sys
import xml.etree.ElementTree as ET

import feedparser
import icalendar

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_feed(path):
    """feedparser's reading of a file, with every reason it set `bozo` as a finding."""
    with open(path, "rb") as f:
        parsed = feedparser.parse(f.read())
    findings = []
    if parsed.bozo:
        findings.append(f"feedparser: {parsed.get('bozo_exception', 'bozo set')}")
    return parsed, findings


def check_atom(path):
    parsed, findings = parse_feed(path)
    if parsed.version != "atom10":
        findings.append(f"feedparser reads it as {parsed.version or 'no known format'}, not atom10")
    if not parsed.entries:
        findings.append("feedparser finds no entry")
    # The two Schematron rules of RFC 4287's schema, which RELAX NG validators skip.
    try:
        feed = ET.parse(path).getroot()
    except ET.ParseError as error:
        return findings + [f"not well-formed: {error}"]
    if feed.tag == ATOM + "feed":
        entries = feed.findall(ATOM + "entry")
        feed_has_author = feed.find(ATOM + "author") is not None
        for number, entry in enumerate(entries, 1):
            has_content = entry.find(ATOM + "content") is not None
            has_alternate = any(
                link.get("rel", "alternate") == "alternate" for link in entry.findall(ATOM + "link")
            )
            if not (has_alternate or has_content):
                findings.append(f"entry {number}: no atom:link with rel 'alternate' and no atom:content")
            if not (
                feed_has_author
                or entry.find(ATOM + "author") is not None
                or entry.find(f"{ATOM}source/{ATOM}author") is not None
            ):
                findings.append(f"entry {number}: no atom:author, and the feed has none")
    return findings


def check_rss(path):
    parsed, findings = parse_feed(path)
    if parsed.version != "rss20":
        findings.append(f"feedparser reads it as {parsed.version or 'no known format'}, not rss20")
    return findings


def check_ics(path):
    with open(path, "rb") as f:
        data = f.read()
    findings = []
    # RFC 5545, 3.1: content lines are delimited by CRLF.
    lines = data.split(b"\n")
    bare = sum(1 for line in lines[:-1] if not line.endswith(b"\r"))
    if bare:
        findings.append(f"{bare} line(s) end with LF instead of CRLF (RFC 5545, 3.1)")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # icalendar raises more than ValueError on broken input
        return findings + [f"icalendar cannot parse it: {error}"]
    if calendar.name != "VCALENDAR":
        return findings + [f"top-level component is {calendar.name}, not VCALENDAR"]
    for component in calendar.walk():
        for prop, error in getattr(component, "errors", []):
            findings.append(f"{component.name}: property {prop}: {error}")
    for prop in ("VERSION", "PRODID"):
        if prop not in calendar:
            findings.append(f"VCALENDAR has no {prop}")
    events = calendar.walk("VEVENT")
    for number, event in enumerate(events, 1):
        name = f"VEVENT {number} ({event.get('UID', 'no UID')})"
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            if prop not in event:
                findings.append(f"{name}: no {prop}")
        ends = [prop for prop in ("DTEND", "DURATION") if prop in event]
        if not ends:
            findings.append(f"{name}: neither DTEND nor DURATION")
        elif len(ends) == 2:
            findings.append(f"{name}: both DTEND and DURATION (RFC 5545, 3.6.1)")
        for prop in ("DTSTAMP", "DTSTART", "DTEND", "DURATION"):
            if prop in event:
                try:
                    event.decoded(prop)
                except (ValueError, TypeError) as error:
                    findings.append(f"{name}: {prop} unreadable: {error}")
    return findings


CHECKS = {"atom": check_atom, "rss": check_rss, "ics": check_ics}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in CHECKS:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(CHECKS)} FILE")
    found = CHECKS[sys.argv[1]](sys.argv[2])
    for finding in found:
        print(finding)
    sys.exit(1 if found else 0)
