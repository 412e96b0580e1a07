"""What the site publishes, built from the store without the web layer: the list of published
files (`files`) and their bytes (`build`: dumps from `export`, CSV tables from `tables`, the
workbook from `spreadsheet`, `geojson`, the DCAT catalogue from `catalogue`, VoID from
`metadata`), the Russian open-data passport (`passport`), the store's figures (`stats`) and the
analyst query pack (`queries`, a package holding its .rq files). The server's routes and
`coopgraph export --folder` both serve what this room builds.
"""
