#!/usr/bin/env python3
"""Fills the English singular and plural forms of every numerus string in a Qt .ts file.

Qt's numerus strings ("%n task(s)") print the source text as it is when no translation is loaded,
so English needs a translation of its own that holds only the plural forms. lupdate -pluralonly
writes that file with empty forms; this script fills them:

    "%n task(s)"                          -> "%n task" / "%n tasks"
    "Copied %n task IDs."                 -> "Copied %n task ID." / "Copied %n task IDs."
    "%n of %1 tasks have no prompt."      -> "%n of %1 tasks has no prompt." / (as written)
    "%n new"                              -> "%n new" / "%n new"

Entries that are already filled (no type="unfinished", no empty form) are left exactly as they
are, so a form corrected by hand survives. A string the rules cannot settle is left unfinished and
named on stderr: fill it by hand (or add it to OVERRIDES) and --check passes again.

The file is edited as text, in lupdate's own layout and escaping, so lupdate followed by this
script is a fixed point: running both again changes nothing.

Usage:
    fill-english-plurals.py FILE.ts        fill the empty forms in place
    fill-english-plurals.py --check FILE.ts
                                           exit 1 if any numerus entry is unfinished or empty
    fill-english-plurals.py --self-test    check the English rules on known sentences
"""

import re
import sys

# Whole sentences whose forms no rule below derives well: source -> (singular, plural).
OVERRIDES = {}

# Plural nouns whose singular is not the word without its final "s".
IRREGULAR_NOUNS = {
    "children": "child",
    "people": "person",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "mice": "mouse",
    "indices": "index",
    "analyses": "analysis",
    "matches": "match",
    "batches": "batch",
    "patches": "patch",
    "searches": "search",
    "statuses": "status",
    "processes": "process",
    "addresses": "address",
    "aliases": "alias",
    "boxes": "box",
    "fixes": "fix",
    "prefixes": "prefix",
    "suffixes": "suffix",
    "movies": "movie",
    "cookies": "cookie",
    "series": "series",
    "species": "species",
}

# Words ending in "s" that are not plurals.
NOT_PLURAL = {
    "is", "was", "has", "does", "its", "this", "his", "yes", "us", "plus", "less", "thus", "always",
    "perhaps", "across", "unless", "whereas", "news", "s", "ms", "hrs", "mins", "secs",
}

# Present-tense verbs after a plural subject -> the form after a singular one.
VERBS = {
    "are": "is",
    "were": "was",
    "have": "has",
    "do": "does",
    "aren't": "isn't",
    "weren't": "wasn't",
    "haven't": "hasn't",
    "don't": "doesn't",
    "need": "needs",
    "remain": "remains",
    "wait": "waits",
    "fail": "fails",
    "match": "matches",
    "belong": "belongs",
    "use": "uses",
    "contain": "contains",
    "run": "runs",
    "show": "shows",
    "exist": "exists",
    "look": "looks",
    "seem": "seems",
    "appear": "appears",
    "expire": "expires",
    "stay": "stays",
}

# Words that end the noun phrase that follows %n.
PHRASE_END = {
    "of", "in", "on", "at", "to", "for", "from", "with", "and", "or", "but", "the", "a", "an", "per",
    "by", "than", "as", "into", "out", "left", "ago", "—", "–", "-",
}

COUNT = re.compile(r"%L?n")
MARKER = re.compile(r"(?<=[A-Za-z])\((e?s)\)")
WORD = re.compile(r"^(\W*)(.*?)(\W*)$")
SKIPPED_PHRASE_WORDS = 3


class Undecided(Exception):
    """The rules cannot tell the singular form; a person has to."""


def singular_noun(word):
    """The singular of a plural noun, or None when the word is not a plural noun."""
    lower = word.lower()
    if lower in NOT_PLURAL or len(word) < 3:
        return None
    if lower in IRREGULAR_NOUNS:
        singular = IRREGULAR_NOUNS[lower]
        return singular[0].upper() + singular[1:] if word[0].isupper() else singular
    if not word.endswith("s"):
        return None
    if lower.endswith(("ss", "us", "is")):
        return None
    if re.fullmatch(r"[A-Z]+s", word):  # IDs, URLs
        return word[:-1]
    if lower.endswith("ies"):
        return word[:-3] + "y"
    if lower.endswith(("sses", "xes", "zzes", "shes")):
        return word[:-2]
    return word[:-1]


def split_word(token):
    """(leading punctuation, word, trailing punctuation) of one whitespace-separated token."""
    return WORD.match(token).groups()


def agree_verb(tokens, index):
    """Turns the verb at tokens[index] into its singular form when it is a known plural verb."""
    if index >= len(tokens):
        return
    lead, word, trail = split_word(tokens[index])
    if word.lower() in VERBS:
        tokens[index] = lead + VERBS[word.lower()] + trail


def singular_of_plain(source):
    """The singular of a source written in the plural ("Copied %n task IDs.")."""
    tokens = source.split(" ")
    counts = [i for i, token in enumerate(tokens) if COUNT.search(token)]
    if not counts:
        raise Undecided("no %n")
    start = counts[0] + 1
    if start < len(tokens) and split_word(tokens[start])[1].lower() == "of":
        # "%n of %1 tasks have ...": the noun stays plural, the verb follows %n.
        for i in range(start + 1, min(len(tokens), start + 2 + SKIPPED_PHRASE_WORDS)):
            lead, word, trail = split_word(tokens[i])
            if singular_noun(word) is not None:
                if trail or i + 1 >= len(tokens):
                    return " ".join(tokens)
                _, verb, _ = split_word(tokens[i + 1])
                if verb.lower() in VERBS:
                    agree_verb(tokens, i + 1)
                    return " ".join(tokens)
                if verb.endswith("ed"):
                    return " ".join(tokens)
                raise Undecided(f"unknown verb “{verb}” after “{word}”")
        return " ".join(tokens)
    for i in range(start, min(len(tokens), start + SKIPPED_PHRASE_WORDS)):
        lead, word, trail = split_word(tokens[i])
        if word.lower() in PHRASE_END or word.lower() in VERBS or COUNT.search(word):
            break
        singular = singular_noun(word)
        if singular is not None:
            tokens[i] = lead + singular + trail
            if not trail:
                agree_verb(tokens, i + 1)
            break
        if trail:
            break
    return " ".join(tokens)


def english_forms(source):
    """(singular, plural) of one numerus source string."""
    if source in OVERRIDES:
        return OVERRIDES[source]
    if MARKER.search(source):
        plural = MARKER.sub(lambda m: m.group(1), source)
        tokens = source.split(" ")
        for i, token in enumerate(tokens):
            if MARKER.search(token):
                tokens[i] = MARKER.sub("", token)
                if not split_word(tokens[i])[2]:
                    agree_verb(tokens, i + 1)
        return " ".join(tokens), plural
    return singular_of_plain(source), source


# lupdate's escaping of message text (Qt's ts.cpp, protect()).
def protect(text):
    out = []
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append("&quot;")
        elif ch == "&":
            out.append("&amp;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == "'":
            out.append("&apos;")
        elif (code < 0x20 or 0x7F < code < 0xA0) and ch not in "\n\t":
            out.append(f"&#x{code:x};")
        else:
            out.append(ch)
    return "".join(out)


ENTITIES = {"quot": '"', "amp": "&", "gt": ">", "lt": "<", "apos": "'"}


def unprotect(text):
    def entity(match):
        name = match.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return ENTITIES[name]

    return re.sub(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);", entity, text)


MESSAGE = re.compile(r"(?P<open><message numerus=\"yes\"[^>]*>)(?P<body>.*?)</message>", re.S)
SOURCE = re.compile(r"<source>(.*?)</source>", re.S)
TRANSLATION = re.compile(r"(?P<indent>[ \t]*)<translation(?P<attrs>[^>]*)>(?P<forms>.*?)</translation>", re.S)
FORM = re.compile(r"<numerusform>(.*?)</numerusform>", re.S)


def is_filled(translation):
    forms = FORM.findall(translation.group("forms"))
    return 'type="unfinished"' not in translation.group("attrs") and len(forms) == 2 and all(forms)


def context_of(text, position):
    names = re.findall(r"<name>(.*?)</name>", text[:position])
    return unprotect(names[-1]) if names else "?"


def fill(text):
    """The .ts text with every unfilled numerus entry filled; also the sources left undecided."""
    undecided = []

    def replace(message):
        body = message.group("body")
        translation = TRANSLATION.search(body)
        source = SOURCE.search(body)
        if translation is None or source is None or is_filled(translation):
            return message.group(0)
        try:
            singular, plural = english_forms(unprotect(source.group(1)))
        except Undecided as reason:
            undecided.append(f"{context_of(text, message.start())}: “{unprotect(source.group(1))}”: {reason}")
            return message.group(0)
        indent = translation.group("indent")
        block = (f"{indent}<translation>\n"
                 f"{indent}    <numerusform>{protect(singular)}</numerusform>\n"
                 f"{indent}    <numerusform>{protect(plural)}</numerusform>\n"
                 f"{indent}</translation>")
        body = body[:translation.start()] + block + body[translation.end():]
        return message.group("open") + body + "</message>"

    return MESSAGE.sub(replace, text), undecided


def unfilled(text):
    """'context: source' of every numerus entry that has no finished English forms."""
    missing = []
    for message in MESSAGE.finditer(text):
        translation = TRANSLATION.search(message.group("body"))
        source = SOURCE.search(message.group("body"))
        if translation is None or not is_filled(translation):
            name = unprotect(source.group(1)) if source else "?"
            missing.append(f"{context_of(text, message.start())}: “{name}”")
    return missing


SELF_TEST = {
    "%n task(s)": ("%n task", "%n tasks"),
    "Added %n task(s).": ("Added %n task.", "Added %n tasks."),
    "Refreshing %n task(s)…": ("Refreshing %n task…", "Refreshing %n tasks…"),
    "%n task(s) are waiting": ("%n task is waiting", "%n tasks are waiting"),
    "%n match(es)": ("%n match", "%n matches"),
    "Its %n task(s) and its stored key are deleted.": ("Its %n task and its stored key are deleted.",
                                                       "Its %n tasks and its stored key are deleted."),
    "%n new": ("%n new", "%n new"),
    "%n already tracked": ("%n already tracked", "%n already tracked"),
    "Next poll in %n s": ("Next poll in %n s", "Next poll in %n s"),
    "%n h": ("%n h", "%n h"),
    "Reelwatch — %n active": ("Reelwatch — %n active", "Reelwatch — %n active"),
    "Add %n tasks": ("Add %n task", "Add %n tasks"),
    "%n days": ("%n day", "%n days"),
    "Copied %n task IDs.": ("Copied %n task ID.", "Copied %n task IDs."),
    "Copied %n curl commands.": ("Copied %n curl command.", "Copied %n curl commands."),
    "Copied %n prompts, one per line.": ("Copied %n prompt, one per line.", "Copied %n prompts, one per line."),
    "Copied the JSON of %n tasks, one per line.": ("Copied the JSON of %n task, one per line.",
                                                   "Copied the JSON of %n tasks, one per line."),
    "%n of %1 tasks have no prompt.": ("%n of %1 tasks has no prompt.", "%n of %1 tasks have no prompt."),
    "%n of %1 tasks are done.": ("%n of %1 tasks is done.", "%n of %1 tasks are done."),
    "%n of %1 tasks failed.": ("%n of %1 tasks failed.", "%n of %1 tasks failed."),
    "%n entries": ("%n entry", "%n entries"),
    "%n children": ("%n child", "%n children"),
    "%n addresses": ("%n address", "%n addresses"),
    "%n tasks need a key": ("%n task needs a key", "%n tasks need a key"),
    "%Ln files in %1 folders": ("%Ln file in %1 folders", "%Ln files in %1 folders"),
    "%n is the limit": ("%n is the limit", "%n is the limit"),
}

SELF_TEST_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>Reelwatch::Board</name>
    <message numerus="yes">
        <location filename="../../ui/board.cpp" line="+1"/>
        <source>Removed %n task(s) &amp; &apos;kept&apos; the rest.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n task(s)</source>
        <translation>
            <numerusform>one task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n of %1 tasks vanish.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
"""


def self_test():
    failures = []
    for source, expected in SELF_TEST.items():
        try:
            got = english_forms(source)
        except Undecided as reason:
            got = f"undecided: {reason}"
        if got != expected:
            failures.append(f"{source!r}: expected {expected!r}, got {got!r}")
    filled, undecided = fill(SELF_TEST_TS)
    expected_block = ("        <translation>\n"
                      "            <numerusform>Removed %n task &amp; &apos;kept&apos; the rest.</numerusform>\n"
                      "            <numerusform>Removed %n tasks &amp; &apos;kept&apos; the rest.</numerusform>\n"
                      "        </translation>")
    if expected_block not in filled:
        failures.append("an unfinished entry was not filled in lupdate's layout:\n" + filled)
    if "<numerusform>one task</numerusform>" not in filled:
        failures.append("an entry filled by hand was overwritten")
    if fill(filled)[0] != filled:
        failures.append("filling twice changed the file")
    if len(undecided) != 1 or "vanish" not in undecided[0]:
        failures.append(f"the unknown verb was not reported: {undecided!r}")
    if unfilled(filled) != ["Reelwatch::Board: “%n of %1 tasks vanish.”"]:
        failures.append(f"--check found {unfilled(filled)!r}")
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    print(f"{len(SELF_TEST) + 5 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    check = len(argv) == 3 and argv[1] == "--check"
    if not check and len(argv) != 2 or argv[-1].startswith("-"):
        print(__doc__.split("Usage:")[1].rstrip(), file=sys.stderr)
        return 2
    path = argv[-1]
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    if check:
        missing = unfilled(text)
        for entry in missing:
            print(f"{path}: no English forms for {entry}", file=sys.stderr)
        return 1 if missing else 0
    filled, undecided = fill(text)
    for entry in undecided:
        print(f"{path}: fill by hand: {entry}", file=sys.stderr)
    if filled != text:
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.write(filled)
    return 1 if undecided else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
