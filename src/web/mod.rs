//! The browser app (feature `web`).
