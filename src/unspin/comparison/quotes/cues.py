"""Speech cues: the verbs that introduce reported speech, a cue's words, and its subject.

A cue is a speech verb ("said", "told", "warned", "went on") or the "according" of
"according to". Its speaker is the verb's subject in the dependency parse ("X said",
"said X", "X, who ..., said", "state TV quoted X as saying"); ``speakers`` resolves it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


def _words(text: str) -> frozenset[str]:
    """A word list written as text, one set."""
    return frozenset(text.split())


# Lemmas of verbs that introduce reported speech (direct or indirect).
SPEECH_VERBS = _words(
    """
    say tell add note write ask claim state declare explain insist argue warn announce
    report tweet post continue reply respond answer recall acknowledge admit suggest
    predict promise vow pledge urge stress emphasize emphasise remark comment observe
    conclude testify confirm deny contend maintain assert quip joke shout yell scream
    whisper mutter complain lament boast brag concede allege counter retort inform
    remind reiterate repeat proclaim exclaim wonder agree caution mention disclose
    reveal estimate speculate describe call quote charge cite recount affirm blast slam
    chide scoff sneer snap thunder plead beg demand propose recommend advise order
    threaten protest object interject begin opine muse reason surmise tout hail praise
    criticize criticise mock ridicule echo boom bark beam confess interrupt chime gush
    rail tease marvel exult fume rant sigh laugh cheer chant sing text email message
    wrote caption headline thank applaud congratulate apologize apologise
    """
)


# Phrasal cues: lemma + particle ("went on", "shot back", "pointed out").
PHRASAL_CUES = frozenset(
    {
        ("go", "on"),
        ("shoot", "back"),
        ("fire", "back"),
        ("point", "out"),
        ("chime", "in"),
        ("pipe", "up"),
        ("cut", "in"),
        ("hit", "back"),
        ("speak", "out"),
        ("lash", "out"),
    }
)


# The subset that takes an indirect-speech clause ("X said that ...").
INDIRECT_VERBS = _words(
    """
    say tell add note write claim state declare explain insist argue warn announce
    report tweet post reply respond answer recall acknowledge admit suggest predict
    promise vow pledge stress emphasize emphasise remark comment observe conclude
    testify confirm deny contend maintain assert concede allege counter inform remind
    reiterate repeat proclaim agree caution mention disclose reveal estimate speculate
    charge recount affirm boast brag complain lament assure indicate ask wonder
    """
)


# Verbs a spinner puts for "said" (WordNet's senses of "say": "May supposed:", "Kuleba
# read"): cues only where they frame a quote, next to its marks, since "I suppose" and "he
# read the report" are no speech.
FRAMING_VERBS = _words(
    """
    suppose read aver express utter voice verbalize verbalise pronounce articulate
    enunciate enounce
    """
)
_SUBJECT_POS = frozenset({"PROPN", "PRON", "DET", "NOUN", "ADJ", "PUNCT", "ADP"})


def _frames_a_quote(tok: Token) -> bool:
    """``tok`` stands next to a quote's marks: before them (``X supposed: "..."``) or after
    them and the speaker's name (``"...," X supposed``)."""
    doc = tok.doc
    # Before them with a colon or a comma between ('read "The Long Winter" aloud' is a title).
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text in (":", ",") and _mark(doc[tok.i + 2]):
        return True
    for t in reversed(doc[max(0, tok.i - 6) : tok.i]):
        if _mark(t):
            return True
        if t.pos_ not in _SUBJECT_POS or "\n" in t.text:
            return False
    return False


def _mark(tok: Token) -> bool:
    return tok.is_quote and tok.pos_ != "PART"  # (not a possessive's apostrophe)


def is_cue(tok: Token) -> bool:
    """A speech verb ("said", "warned") or the "according" of "according to"."""
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children) or (
            tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
        )
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.tag_ == "VBZ"):
        return False
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return True
    if (lemma in FRAMING_VERBS or tok.lower_ == "readed") and _frames_a_quote(tok):
        return True
    return any(
        (lemma, c.lower_) in PHRASAL_CUES for c in tok.children if c.dep_ in ("prt", "advmod")
    )


def cue_text(tok: Token) -> str:
    if tok.lower_ == "according":
        return "according to"
    prt = [
        c
        for c in tok.children
        if c.dep_ == "prt"
        or (c.dep_ == "advmod" and (tok.lemma_.lower(), c.lower_) in PHRASAL_CUES)
    ]
    return f"{tok.text} {prt[0].text}" if prt else tok.text


def subject_of(verb: Token, skip: Callable[[int], bool] | None = None) -> Token | None:
    """The speaker token of a cue: its subject, the pobj of "according to", the object of
    "quoted X as saying", or the subject of the verb it hangs off ("smiled and said")."""
    if verb.lower_ == "according":
        for to in verb.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj
        nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        if nxt is not None and nxt.lower_ == "to":
            for obj in nxt.children:
                if obj.dep_ == "pobj":
                    return obj
        return None
    if verb.lemma_.lower() == "quote":
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                return c
    tok = verb
    for _ in range(5):
        if tok is not verb and tok.dep_ == "ccomp" and is_cue(tok.head):
            # Climbed into what a speech verb reports ("went on to say that black voters
            # are responsible ... by saying"): its subject is the one spoken of; the speaker
            # is the reporting verb's.
            tok = tok.head
            continue
        if tok.pos_ in ("VERB", "AUX"):
            subjects = [
                c
                for c in tok.children
                if c.dep_ in ("nsubj", "nsubjpass") and not (skip and skip(c.idx))
            ]
            if len(subjects) > 1:
                # A misparse gives a verb two subjects ("... post-Brexit, Mr Juncker asked"):
                # the person, else the one next to the verb.
                subjects.sort(key=lambda c: (c.ent_type_ != "PERSON", abs(c.i - tok.i)))
            if subjects:
                return subjects[0]
            for c in tok.children:
                if c.dep_ == "agent":
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            return obj
        # "smiled and said", "tried to laugh it off by interjecting", "emailed supporters
        # saying": the speaker is the subject of the verb this one hangs off.
        if tok.dep_ not in _CLIMB or tok.head is tok:
            break
        tok = tok.head
        if tok.lemma_.lower() == "quote":
            for c in tok.children:
                if c.dep_ in ("dobj", "nsubjpass"):
                    return c
    return None


_CLIMB = frozenset({"conj", "xcomp", "advcl", "pcomp", "acl", "prep", "pobj", "dobj", "relcl"})


__all__ = [
    "INDIRECT_VERBS",
    "PHRASAL_CUES",
    "SPEECH_VERBS",
    "cue_text",
    "is_cue",
    "subject_of",
]
