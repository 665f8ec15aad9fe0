#include <array>
#include <cctype>
#include <cstddef>

#include "levers/pages.h"
#include "levers/render.h"

// web/app.css and web/app.js, embedded at build time by cmake/embed_text.py.
extern const char levers_web_app_css[];
extern const size_t levers_web_app_css_size;
extern const char levers_web_app_js[];
extern const size_t levers_web_app_js_size;

namespace levers {

std::string_view AppStylesheet() { return {levers_web_app_css, levers_web_app_css_size}; }
std::string_view AppScript() { return {levers_web_app_js, levers_web_app_js_size}; }

namespace {

// Appends `text` percent-encoded: RFC 3986 unreserved bytes (and '/' when
// `keep_slash`) as they are, every other byte as %XX. The result needs no HTML
// escaping: it holds only letters, digits, "-._~/%".
void AppendUrlEncoded(std::string& out, std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  static constexpr std::array<bool, 256> kUnreserved = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
      t[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '.' || c == '_' || c == '~';
    return t;
  }();
  auto unreserved = [&](char c) {
    return kUnreserved[static_cast<unsigned char>(c)] || (keep_slash && c == '/');
  };
  // Runs of unreserved bytes (most of a slug or name) are appended whole.
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && unreserved(text[j])) ++j;
    out.append(text.data() + i, j - i);
    if (j == text.size()) break;
    const auto c = static_cast<unsigned char>(text[j]);
    const char escaped[3] = {'%', kHex[c >> 4], kHex[c & 15]};
    out.append(escaped, 3);
    i = j + 1;
  }
}

}  // namespace

std::string UrlEncode(std::string_view text, bool keep_slash) {
  std::string out;
  out.reserve(text.size());
  AppendUrlEncoded(out, text, keep_slash);
  return out;
}

std::string SiteLinks::Home() const {
  return mode == Mode::kServer ? "/" : mode == Mode::kStatic ? root + "index.html" : "";
}
std::string SiteLinks::Guide(std::string_view id) const {
  if (mode == Mode::kServer) return "/guides/" + UrlEncode(id, true);
  if (mode == Mode::kStatic) return root + UrlEncode(id, true) + ".html";
  return "";
}
void SiteLinks::AppendGuideHref(std::string& out, std::string_view id) const {
  // The same text as AppendHtmlEscaped(out, Guide(id)), without the
  // temporaries: the encoded id needs no escaping. The home and health pages
  // write one link per guide, tens of thousands for a large corpus.
  if (mode == Mode::kServer) {
    out += "/guides/";
    AppendUrlEncoded(out, id, true);
  } else if (mode == Mode::kStatic) {
    AppendHtmlEscaped(out, root);
    AppendUrlEncoded(out, id, true);
    out += ".html";
  }
}
std::string SiteLinks::Asset(std::string_view name) const {
  if (mode == Mode::kServer) return "/assets/" + std::string(name);
  if (mode == Mode::kStatic) return root + "assets/" + std::string(name);
  return "";
}
std::string SiteLinks::Health() const {
  return mode == Mode::kServer ? "/health" : mode == Mode::kStatic ? root + "health.html" : "";
}
std::string SiteLinks::Offer() const { return mode == Mode::kServer ? "/offer" : ""; }
std::string SiteLinks::Compare() const { return mode == Mode::kServer ? "/compare" : ""; }
std::string SiteLinks::Search(std::string_view query) const {
  if (mode == Mode::kStandalone) return "";
  return Home() + "?q=" + UrlEncode(query);
}

void AppendListPager(std::string& out, const ListPage& page, std::string_view what, bool links) {
  auto number = [](size_t n) {
    // 20000 -> "20,000": counts are read, not parsed.
    std::string digits = std::to_string(n), grouped;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i && (digits.size() - i) % 3 == 0) grouped += ',';
      grouped += digits[i];
    }
    return grouped;
  };
  std::string name(what);
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  if (links) {
    out += "<nav class=\"pager\" aria-label=\"Pages of ";
    AppendHtmlEscaped(out, what);
    out += "\">";
  }
  out += "<p class=\"pager\">";
  AppendHtmlEscaped(out, name);
  out += ' ';
  if (page.shown == 0) {
    out += "0";
  } else {
    out += number(page.first + 1) + "–" + number(page.first + page.shown);
  }
  out += " of " + number(page.items) + ", page " + number(page.number) + " of " +
         number(page.count) + "</p>";
  if (!links) {
    out += '\n';
    return;
  }
  auto link = [&](size_t n, std::string_view rel, std::string_view text) {
    out += " <a href=\"";
    AppendHtmlEscaped(out, page.href(n));
    out += "\"";
    if (!rel.empty()) {
      out += " rel=\"";
      out += rel;
      out += '"';
    }
    out += '>';
    out += text;
    out += "</a>";
  };
  if (page.number > 1) {
    if (page.number > 2) link(1, "", "First page");
    link(page.number - 1, "prev", "Previous page");
  }
  if (page.number < page.count) {
    link(page.number + 1, "next", "Next page");
    if (page.number + 1 < page.count) link(page.count, "", "Last page");
  }
  out += "</nav>\n";
}

void AppendPageStart(std::string& out, const SiteLinks& links, std::string_view title,
                     NavItem current) {
  out +=
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  AppendHtmlEscaped(out, title);
  out += "</title>\n";
  if (links.mode == SiteLinks::Mode::kStandalone) {
    out += "<style>";
    out += AppStylesheet();
    out += "</style>\n</head>\n<body>\n<main id=\"main\">\n";
    return;
  }
  // No favicon: an empty one keeps browsers from asking for /favicon.ico.
  // Links are written straight into the page, escaped, without temporaries.
  out += "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"";
  AppendHtmlEscaped(out, links.Asset("app.css"));
  out += "\">\n<script src=\"";
  AppendHtmlEscaped(out, links.Asset("app.js"));
  out +=
      "\" defer></script>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
      "<nav class=\"site-nav\" aria-label=\"Site\"><a class=\"brand\" href=\"";
  const std::string home = links.Home();
  AppendHtmlEscaped(out, home);
  out += "\">levers</a>";
  auto item = [&](const std::string& href, std::string_view text, NavItem which) {
    if (href.empty()) return;
    out += "<a href=\"";
    AppendHtmlEscaped(out, href);
    out += which == current ? "\" aria-current=\"page\">" : "\">";
    out += text;
    out += "</a>";
  };
  item(home, "Guides", NavItem::kHome);
  item(links.Offer(), "Value an offer", NavItem::kOffer);
  item(links.Compare(), "Compare offers", NavItem::kCompare);
  item(links.Health(), "Corpus health", NavItem::kHealth);
  out += "</nav>\n<main id=\"main\">\n";
}

void AppendPageEnd(std::string& out, const SiteLinks& links) {
  out += "</main>\n";
  if (links.mode != SiteLinks::Mode::kStandalone) {
    out +=
        "<footer class=\"muted\"><p>levers: job-offer negotiation guides. Figures are exact; "
        "every amount names its currency.</p></footer>\n";
  }
  out += "</body>\n</html>\n";
}

}  // namespace levers
