"""Catalogues of wrong answers, one module per assignment (named like its folder in solutions/)."""
