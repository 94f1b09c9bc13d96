//! Which desktop notifications a refresh produces (PRODUCT.md §5).
