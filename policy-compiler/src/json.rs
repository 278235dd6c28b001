//! A JSON parser that keeps byte spans.
