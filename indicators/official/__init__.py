"""Official statistics: the DfE's published SEN2 "Education, health and care plans" files, read
in the open data standard and turned into the council's measurements and benchmarks through
mappings held as data (``models``), read by ``files`` and ``periods``, compared by
``comparisons`` and written all or nothing by ``services``."""
