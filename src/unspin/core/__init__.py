"""The data model and the words every stage shares; imports nothing else of unspin.

``model`` (Article, Report and their parts, frozen), ``vocabulary`` (change kinds, sentence
statuses and verdicts, with their labels and what each means for the score), ``errors``,
``limits`` (how much text one analysis takes), ``text`` (where paragraphs end: the rule every
sentence splitter follows), ``serialise`` (a report to and from JSON).
"""
