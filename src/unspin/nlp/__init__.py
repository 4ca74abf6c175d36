"""Language analysis: ``parse`` (the one place spaCy is loaded, and its parse cache),
``units`` (a sentence as comparable units: words, names, numbers, dates) and ``lexicon``
(entity aliases and WordNet synonyms)."""
