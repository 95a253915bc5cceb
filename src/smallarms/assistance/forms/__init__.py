"""Forms of the assistance pages, one module per sub-domain. They only read and check
input; services validate and write."""
