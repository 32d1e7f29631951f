//! Data sets and file formats, parsed from bytes the web layer hands in (`&[u8]`): never any I/O here.
