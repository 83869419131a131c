"""What this site adds to MkDocs and Material at build time.

mkdocs.yml names one hook, `hooks/main.py`, which calls the rest event by event:

- `main.py`: the MkDocs events, in the order they run, and the build's state
- `pipeline.py`: every change made to the files, the rendered pages and the written site, in order
- `state.py`: one build's typed state, made new for every build
- `inputs.py`: the site's address, the `extra` settings and every file under docs/, checked where they enter
- `articles.py`: every Markdown file in docs/ an article at its own address; the front page made from the newest
- `front_matter.py`: the one schema for an article's front matter (MkDocs `Config` classes)
- `css_reduction.py`: stylesheets parsed once, cut to what each page can use
- `html_elements.py`: elements of built HTML found by position, to change a page without re-serializing it
- `social_card.py`: the social preview card, drawn from the headline
- `feed.py`: the Atom feed
- `atomic_build.py`: a failed build leaves site_dir as it was
- `strict_when_quiet.py`: strict mode stays strict under --quiet

The tests import these modules as the `hooks` package.
"""
