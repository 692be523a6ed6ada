# Two commands on a fresh Debian-family machine: `make run` and `make test`.
# Both depend on `setup`, which is idempotent.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Debian packages: runtime (Qt platform libs, fonts, PC/SC, CUPS client), build (pyscard),
# and the real services the test suite starts itself (pcscd+vpcd, cupsd+cups-pdf, PostgreSQL,
# chromium for the public progress page's headless-browser test, libfuse2 for the power-cut
# disk).
DEB_PACKAGES := python3-venv swig libpcsclite-dev libpcsclite1 pcscd vsmartcard-vpcd \
	python3-virtualsmartcard cups cups-client cups-ipp-utils printer-driver-cups-pdf poppler-utils zbar-tools \
	fonts-wqy-zenhei fonts-hanazono fonts-dejavu-core postgresql xvfb xauth xdotool imagemagick socat gcc \
	libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
	libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 \
	libdbus-1-3 libfontconfig1 desktop-file-utils libwayland-cursor0 libwayland-egl1 chromium lintian libfuse2

# The fonts the printed documents embed: copied from the Debian packages into the program
# (an installer bundles them the same way); the app never loads the workstation's fonts.
FONT_DIR := printing/fonts
FONTS := $(FONT_DIR)/wqy-zenhei.ttc $(FONT_DIR)/HanaMinB.ttf $(FONT_DIR)/DejaVuSans.ttf \
	$(FONT_DIR)/HanaMinA.ttf

.PHONY: setup debs fonts bytecode run test lint typecheck deadcode pytest bench screenshots translations package package-test \
	package-install-test clean

setup: debs $(STAMP) translations fonts bytecode

debs:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

# The version is the installed metadata's too (installer/bundle.py): reinstall when it moves.
$(STAMP): pyproject.toml counter_app/__init__.py
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

fonts: $(FONTS)

$(FONT_DIR)/wqy-zenhei.ttc: | debs
	install -m 0644 /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc $@

$(FONT_DIR)/HanaMinB.ttf: | debs
	install -m 0644 /usr/share/fonts/truetype/hanazono/HanaMinB.ttf $@

$(FONT_DIR)/DejaVuSans.ttf: | debs
	install -m 0644 /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf $@

$(FONT_DIR)/HanaMinA.ttf: | debs
	install -m 0644 /usr/share/fonts/truetype/hanazono/HanaMinA.ttf $@

# The program's bytecode cache, written even where PYTHONDONTWRITEBYTECODE is set (then no
# process writes it, and each one the counter or the suite starts compiles the program again:
# 0.2 s of CPU per start, and the suite starts hundreds). Python checks each .pyc against
# its source, so a stale one is never used; files already up to date are skipped.
bytecode: $(STAMP)
	$(PY) -m compileall -q -j 0 counter_app ui sync printing central installer

translations: $(STAMP)
	@if [ -d ui/translations ]; then $(PY) -m ui.translations_build; fi

run: setup
	$(VENV)/bin/counter-app-gui --training

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy

# Dead code (vulture; paths, confidence and whitelist in pyproject.toml [tool.vulture]).
deadcode: setup
	$(VENV)/bin/vulture

# The suite on every core (pytest-xdist); a test that uses one of the machine's shared services
# (pcscd, cups-pdf's output) holds them alone meanwhile (tests/machine_services.py).
pytest: setup
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -n auto

# The package is built beside the suite (the two cores share the work; -O keeps each one's
# output together) and installed once the suite is done, so nothing the suite runs sees it.
test: lint typecheck deadcode $(VENV)/.installer
	$(MAKE) -j2 -O pytest package
	$(MAKE) package-install-test

bench: setup
	$(PY) -m benchmarks

screenshots: setup
	xvfb-run -a -s "-screen 0 1920x1080x24" $(PY) -m ui.screenshots docs/screenshots

# The installable program: the PyInstaller bundle dist/counter-app/ (counter-app +
# counter-central), its smoke test, and dist/counter-app_<version>_<arch>.deb checked by lintian.
package: setup $(VENV)/.installer
	rm -rf dist/counter-app dist/counter-app_*.deb build/pyinstaller
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller installer/counter-app.spec
	$(PY) installer/smoke_test.py dist/counter-app
	$(PY) installer/build_deb.py dist/counter-app --check-libraries
	$(PY) installer/build_deb.py dist/counter-app --out dist
	lintian --fail-on error dist/counter-app_*.deb

# Installs the built package on this machine as root, runs it, upgrades, provisions, refuses a
# downgrade, removes and purges it (tests/installer/test_package_install.py).
package-test: package
	$(MAKE) package-install-test

package-install-test:
	SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO env QT_QPA_PLATFORM=offscreen COUNTER_APP_BUNDLE=dist/counter-app \
		COUNTER_APP_DEB=$$(ls dist/counter-app_*.deb) \
		$(VENV)/bin/pytest -m package tests/installer/test_package_install.py

$(VENV)/.installer: $(STAMP)
	$(PY) -m pip install -q -e '.[installer]'
	touch $@

clean:
	rm -rf $(VENV) build dist *.egg-info
