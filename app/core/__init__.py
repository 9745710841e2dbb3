"""The domain: projects, studies, codebook, frameworks, passages, memos, queries. No Qt."""
