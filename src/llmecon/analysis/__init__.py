"""One module per chapter, named after it (chapter 1 also has `epoch_replication`, its reproduction of
Epoch AI's published rates). Each builds on `core` only; no chapter module imports another."""
