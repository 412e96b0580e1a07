from coopgraph.settings import BY_NAME, SETTINGS, resolve


def test_environment_overrides_default_and_flag_overrides_environment():
    env = {"COOPGRAPH_QUERY_TIMEOUT": "2.5", "COOPGRAPH_PORT": "9000"}
    values = resolve({"port": 9100}, env=env)
    assert values["query_timeout"] == 2.5
    assert values["port"] == 9100
    assert values["max_rows"] == BY_NAME["max_rows"].default


def test_every_setting_has_help_and_a_unique_flag():
    flags = [s.flag for s in SETTINGS]
    assert len(flags) == len(set(flags))
    assert all(s.help.strip() for s in SETTINGS)
