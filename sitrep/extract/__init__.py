"""Stage beside the pipeline, extract: propose candidate figures and access constraints from an
article, each with its sentence (:mod:`sitrep.extract.propose`).

The package itself loads nothing: ``sitrep check`` reads numbers in quotes with
:mod:`sitrep.extract.numbers` alone, without paying for the extractor's hundreds of patterns.
"""
