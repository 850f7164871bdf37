"""Field-key rotation (``minzheng keys rotate``): every sealed column found through the app
registry (``discovery``), re-encrypted and re-indexed under the current key in resumable
batches (``rotation``), its progress in one row per target key (``models``)."""
