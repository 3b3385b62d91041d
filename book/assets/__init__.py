"""The book's images, used by readers and renderers alike: which files an article may show
(resolve.py), their media types (mediatypes.py), the SVG sanitiser (svg.py), and their names,
bytes and copies in each output (images.py). Nothing here knows a stage or an output format."""
