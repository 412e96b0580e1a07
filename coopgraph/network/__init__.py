"""Partner networks read from the store: the events, organisations and places behind them
(`data`), the three kinds of graph (`graphs`), their measures (`measures`), the files and
pictures they are exported as (`export`) and the analysis graph stored back as RDF
(`analysis`).
"""
