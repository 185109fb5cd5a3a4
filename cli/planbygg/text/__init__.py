"""Norwegian text analysis (bokmål and nynorsk) for the check: sentences, lemmas, dates, case references, cues."""
