"""What the browser tests and the benchmarks share: the app served for real, and Chromium launched the same way."""
