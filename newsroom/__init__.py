"""The `newsroom` MkDocs plugin: what this site adds to MkDocs and Material at build time.

mkdocs.yml names it under `plugins:` with its settings; pyproject.toml registers it, and
`uv sync` installs it from this repository. Where each concern lives:

- `plugin.py`: the MkDocs events, in the order they run, each calling the steps below
- `pages.py`: the kinds of page (an article's, a withdrawn one's, the front page, an archive page, the search page, the
  corrections page, a section's, a tag's or an author's listing), each a class that names its layout and gives it what
  it shows; `site_pages` decides what every page is
- `config.py`: every setting of the plugin, one schema that MkDocs checks (a misspelt or mistyped one stops the build)
- `pipeline.py`: every change made to the files, the rendered pages and the written site, in order
- `articles.py`: every Markdown file in docs/ an article at its own address; the front page made from the newest;
  the refusals of a duplicate, unsafe or dropped address
- `archive.py`: the archive, a page per year (or month), so that the front page lists only the newest
- `desk.py`: corrections printed on the article and on the corrections page, old addresses kept (`redirect_from`), withdrawals
- `search.py`: Pagefind's index of the finished site, for the search page alone
- `front_matter.py`: the one schema for an article's front matter, and its refusals
- `authors.py`: the authors file and its refusals; the byline's wording; an author as a schema.org Person
- `taxonomy.py`: the sections file, tags grouped by address, each section's, tag's and author's articles, related
  articles; and their refusals
- `photos.py`: photos read safely, stripped of what the camera recorded, encoded at several widths, cached; SVG checks
- `figures.py`: every photo an article shows as a <figure>, and the renditions the site publishes
- `date_line.py`: the date line under each headline and every date as readers read it; the reading time; the
  dateline's wording
- `moments.py`: what each front-matter date means (a day, or a time with its offset) in the publication's time zone
- `clock.py`: the build's clock, the one place that reads "now" (NEWSROOM_NOW, else the real time)
- `schedule.py`: drafts and scheduled articles, which articles are published at a moment, and the workflow's "due" check
- `news_sitemap.py`: the Google News sitemap of the last two days' articles
- `inputs.py`: the site's address, the favicon, the header's colours and every file under docs/, checked where they enter
- `feed.py`: what the Atom feed holds (how many: the pipeline's `write_feed`)
- `social_card.py`: the social preview card, drawn from the headline
- `state.py`: one build's typed state, made new for every build
- `css_reduction.py`: stylesheets parsed once, cut to what each page can use
- `html_elements.py`: elements of built HTML found by position, to change a page without re-serializing it
- `atomic_build.py`: a failed build leaves site_dir as it was
- `strict_when_quiet.py`: strict mode stays strict under --quiet
- `cli.py`: not part of the build: the editor's commands (installed by `uv sync`): `newsroom approve`, which records
  an article's approved text after showing what changed, and `--check`, which names every text not approved;
  `newsroom check` (`gate.py`) and `newsroom road` (`road.py`)
- `gate.py`: not part of the build: the publication's gate, which nothing is deployed without: the approved texts, the
  strict build, and every page whose bytes changed since the last clean gate read back as readers get it
- `road.py`: which road a push takes to readers, content alone (the gate) or code (the tests, then the gate), by the
  paths it changed
- `verify/`: what the gate (and the test suite) reads back with: the system browser (`browser.py`), the built site at
  its own address (`serve.py`, `site.py`), what a reader sees in the DOM (`dom.py`) and in the pixels (`pixels.py`),
  and the verification record (`record.py`)

The layouts are in overrides/layouts/, one per kind of page (newsroom.pages): `article.html`
for an article's page, `front.html` for the front page (extending the article's), `archive.html`
for the archive's pages, `listing.html` for a section's, a tag's or an author's articles, `search.html` for the
search page, `corrections.html` for the corrections page, `withdrawn.html` for a withdrawn article's notice,
`not-found.html` for the 404 page.
"""
