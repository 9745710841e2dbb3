"""What the exports print: study records, the Table 1 matrix, and every coded passage."""
