//! Synthetic contacts and reports (filled in with the reconciliation work).
