"""The wheel holds the whole package: built from this checkout, installed into a fresh virtual
environment (dependencies from the package index, nothing from the checkout), every module of it
imports and `coopgraph --help` runs.

Why: the stage folders (ingest/, server/, shapes/, ontology/) reach the import package through
symlinks under coopgraph/; a sub-package or data file that only an editable install can see
would pass every other test and be missing for whoever installs the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Run inside the fresh environment: import every module the installed package holds, and say
# where each came from, so the test can prove nothing was taken from the checkout.
IMPORT_ALL = """
import importlib, json, pkgutil, sys
import coopgraph
# A __main__ module runs the command when imported: it is there to be run (python -m).
names = sorted(
    m.name for m in pkgutil.walk_packages(coopgraph.__path__, "coopgraph.")
    if not m.name.endswith(".__main__")
)
files = {}
for name in ["coopgraph", *names]:
    files[name] = importlib.import_module(name).__file__
print(json.dumps(files))
"""


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel built from this checkout installed; returns its bin folder.

    The dependencies are borrowed from the test environment by a path line in a `.pth` file
    (installing them again from the index takes minutes): a path line adds the folder to
    `sys.path` without running that folder's own `.pth` files, so the editable install's import
    hook stays off and `coopgraph` can only come from the wheel. `pip check` then proves the
    wheel's declared dependencies are all met.
    """
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    source = _clean_copy(root / "source")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, source],
        check=True,
        cwd=root,
    )
    wheels = list(dist.glob("coopgraph-*.whl"))
    assert len(wheels) == 1, wheels
    env_dir = root / "env"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    site_dir = Path(
        subprocess.run(
            [bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    borrowed = [p for p in map(Path, sys.path) if p.name == "site-packages" and p.is_dir()]
    (site_dir / "borrowed_dependencies.pth").write_text("".join(f"{p}\n" for p in borrowed))
    pip = [bin_dir / "python", "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--no-deps", wheels[0]], check=True, cwd=root)
    subprocess.run([*pip, "check"], check=True, cwd=root)
    return bin_dir


def _clean_copy(target: Path) -> Path:
    """The checkout's own files (tracked, or new and not ignored), symlinks kept as symlinks.
    Built in place, setuptools would reuse a stale `build/` folder and could ship modules that
    no longer exist."""
    listed = subprocess.run(
        ["git", "-C", REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        origin = REPO / name
        if not origin.exists() and not origin.is_symlink():
            continue  # deleted in the working tree, not yet in the index
        copy = target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(origin, copy, follow_symlinks=False)
    return target


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")} | {
        "OPENBLAS_NUM_THREADS": "1"
    }


@pytest.mark.slow
def test_every_module_of_the_wheel_imports_from_the_installed_copy(installed_wheel, tmp_path):
    done = subprocess.run(
        [installed_wheel / "python", "-I", "-c", IMPORT_ALL],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_clean_env(),
    )
    assert done.returncode == 0, done.stderr
    files = json.loads(done.stdout)
    site = str(installed_wheel.parent / "lib")
    outside = {name: path for name, path in files.items() if not path.startswith(site)}
    assert not outside, f"modules not from the installed wheel: {outside}"
    # Every stage folder is in the wheel with its sub-packages.
    for stage in ("ingest", "ingest.organisations", "server", "shapes", "ontology"):
        assert f"coopgraph.{stage}" in files
    sources = {
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for folder, _, names in os.walk(REPO / "coopgraph", followlinks=True)
        if "__init__.py" in names  # a package; ingest/data/ holds data and its build scripts
        for p in (Path(folder) / n for n in names if n.endswith(".py") and n != "__main__.py")
    }
    assert "coopgraph.ingest.read_docx" in sources  # the walk followed the stage folders' symlinks
    assert sources <= set(files), f"in the checkout but not in the wheel: {sorted(sources - set(files))}"


@pytest.mark.slow
def test_the_installed_command_runs_with_its_data_files(installed_wheel, tmp_path):
    helped = subprocess.run(
        [installed_wheel / "coopgraph", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_clean_env(),
    )
    assert helped.returncode == 0, helped.stderr
    assert "ingest" in helped.stdout and "serve" in helped.stdout
    # The report validates with the installed ontology, shapes, gazetteer and word lists: data
    # files the wheel must carry, not only the code.
    report = next((REPO / "reports").glob("*.txt"))
    checked = subprocess.run(
        [installed_wheel / "coopgraph", "validate", report],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_clean_env(),
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
