"""The course installs as a package (what Colab does) with its datasets inside it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    return next(out.glob("*.whl"))


def test_the_wheel_carries_every_dataset_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        path.relative_to(ROOT / "datasets").as_posix()
        for path in (ROOT / "datasets").rglob("*")
        if path.is_file() and path.suffix in {".csv", ".json"}
    }
    assert {f"course_lib/_datasets/{name}" for name in shipped} <= names
    assert "course_lib/_datasets/datapackage.json" in names


def test_an_installed_copy_loads_data_away_from_the_clone(wheel, tmp_path):
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    code = (
        "from course_lib import data, datapackage, launch; "
        "print(datapackage.data_folder().as_posix()); "
        "print(len(data.load('ibm')) > 50); print(launch.repository_url())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    folder, loaded, url = result.stdout.split()
    assert folder.endswith("site/course_lib/_datasets") and loaded == "True"
    assert url.startswith("https://github.com/")


def test_the_wheel_carries_the_site_and_slides_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    template = ROOT / "course_lib" / "site_files"
    shipped = {path.relative_to(ROOT).as_posix() for path in template.rglob("*") if path.is_file()}
    assert shipped and shipped <= names


def test_every_module_is_reachable_as_cl_dot_name_in_a_fresh_kernel(root):
    import course_lib

    modules = {path.stem for path in (root / "course_lib").glob("*.py")} - {"__init__"}
    assert modules <= set(course_lib.MODULES), modules - set(course_lib.MODULES)
    names = " ".join(sorted(course_lib.MODULES))
    code = f"import course_lib as cl; [getattr(cl, n) for n in '{names}'.split()]; print('ok')"
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr
