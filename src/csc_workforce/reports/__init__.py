"""Tables and charts for people: downloads (CSV, XLSX) and accessible SVG charts. Pure: no Django, no I/O."""
