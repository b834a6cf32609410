"""Text -> dataset: the stages that turn the plans into validated, geocoded, dated records.

``sources`` (where the inputs are: the project's documents/ and geodata/, the user's
additions, read only) -> ``documents`` (structure: sections, logical paragraphs, stable
ids, EN/JA alignment) -> ``extract`` (statements, kinds, themes and actors from
``vocabulary``) -> ``dates`` and ``gazetteer`` (places, roles, precision; ``gazetteer_files`` reads and checks its
tables and layers) -> ``dataset``
(build, the one cache) -> ``validate`` (checks on every build). ``candidates`` is the
offline index that suggests unknown place names; ``synthetic`` makes large corpora for
benchmarks and scale tests.

Imports: ``laomap.ingest`` and the base modules (errors, paths, textnorm); never views,
maps, export, ui or Streamlit.
"""
