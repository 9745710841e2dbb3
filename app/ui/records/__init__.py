"""Study records in the window: the studies table and form, reference import, PDFs attached
or replaced, passages placed by hand, the screening lists and the PRISMA diagram."""
