"""Data shipped with the program: the training hall's sample service catalog and the official
working-day calendar (holidays and make-up working days), loaded into a fresh store."""
