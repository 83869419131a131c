// What Firefox's Reader View (and Pocket) make of built pages: Mozilla Readability on jsdom.
//
// Reads a JSON array of {path, url} on standard input and prints, for each page, in order:
// {path, url, title, byline, excerpt, siteName, textContent, blocks: [{tag, text}], error}.
// `blocks` are the headings, paragraphs and list items of what Readability keeps, in order,
// white space collapsed. No script runs and nothing loads: jsdom's defaults.
import { readFileSync } from "node:fs";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";

const squash = (text) => (text || "").replace(/\s+/g, " ").trim();

function read(path, url) {
  // A quiet console: jsdom complains about CSS it does not parse, which is not the page's fault.
  const dom = new JSDOM(readFileSync(path, "utf8"), { url, virtualConsole: new VirtualConsole() });
  const article = new Readability(dom.window.document).parse();
  if (!article) return { error: "Readability found no article" };
  const content = new JSDOM(article.content).window.document;
  const blocks = [...content.querySelectorAll("h1,h2,h3,h4,h5,h6,p,li,figcaption")]
    .map((element) => ({ tag: element.tagName.toLowerCase(), text: squash(element.textContent) }));
  return {
    title: article.title, byline: article.byline, excerpt: article.excerpt, siteName: article.siteName,
    textContent: squash(article.textContent), blocks,
  };
}

const pages = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(pages.map(({ path, url }) => ({ path, url, ...read(path, url) }))));
