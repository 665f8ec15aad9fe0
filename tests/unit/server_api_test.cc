// ApiHandler without sockets: every route, filter and error status over the
// bundled corpus (data/guides) imported into an in-memory store. Expected
// values come from the guide files and the snapshot, not from the handler.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "levers/offer.h"
#include "levers/offer_report.h"
#include "levers/reader.h"
#include "levers/render.h"
#include "levers/server.h"
#include "server/api_routes.h"
#include "store/test_databases.h"

namespace levers {
namespace {

using Json = nlohmann::json;
const std::string kGuides = std::string(LEVERS_SOURCE_DIR) + "/data/guides";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The bundled guides, read, checked and turned into a snapshot once.
const CorpusSnapshot& Snapshot() {
  static const CorpusSnapshot* snapshot = [] {
    auto paths = CollectGuidePaths({kGuides});
    CorpusOptions co;
    co.check.today = Date{2026, 11, 23};
    std::vector<CheckedGuide> checked =
        ReadAndCheck(paths.ok() ? *paths : std::vector<std::string>{}, co);
    SnapshotOptions so;
    so.root_dir = kGuides;
    so.imported_at = "2026-11-23T10:00:00Z";
    auto snap = BuildCorpusSnapshot(checked, so);
    return snap.ok() ? new CorpusSnapshot(std::move(*snap)) : new CorpusSnapshot();
  }();
  return *snapshot;
}

// One database per store backend, imported once and shared by the tests.
struct Backend {
  std::unique_ptr<testing::TestDatabase> db;
  std::shared_ptr<const ServedCorpus> corpus;
};

// An offer answer: compact JSON on one line, as every route answers, with
// the same members in the same order as `engine` (the offer engine's own JSON
// of the same result, as levers offer --format json writes it).
void ExpectCompactJsonOf(const std::string& body, const std::string& engine) {
  ASSERT_FALSE(body.empty());
  EXPECT_EQ(body.find('\n'), body.size() - 1) << body;
  EXPECT_EQ(body.find("\n "), std::string::npos);
  EXPECT_EQ(body.substr(0, 2), engine.substr(0, 1) + "\"") << body;
  EXPECT_EQ(nlohmann::ordered_json::parse(body), nlohmann::ordered_json::parse(engine));
}

// Every test runs on each store: the API must answer the same from all of them.
class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    static std::map<std::string, Backend> backends;
    Backend& b = backends[GetParam()];
    if (!b.corpus) {
      if (GetParam() == "memory") {
        b.db = std::make_unique<testing::MemoryDatabase>();
      } else if (GetParam() == "sqlite") {
        b.db = std::make_unique<testing::SqliteDatabase>();
      } else {
        const char* pg = std::getenv("LEVERS_TEST_PG_URL");
        if (pg == nullptr || *pg == 0) GTEST_SKIP() << "LEVERS_TEST_PG_URL is not set";
        b.db = std::make_unique<testing::PostgresDatabase>(pg);
      }
      ASSERT_FALSE(Snapshot().guides.empty());
      auto store = OpenStore(b.db->url());
      ASSERT_TRUE(store.ok()) << store.status().message();
      ASSERT_TRUE((*store)->ReplaceCorpus(Snapshot()).ok());
      auto corpus = ServedCorpus::Load(std::move(*store));
      ASSERT_TRUE(corpus.ok()) << corpus.status().message();
      b.corpus = std::move(*corpus);
    }
    corpus_ = b.corpus;
    snapshot_ = &Snapshot();
  }

  HttpResponse Get(const std::string& target, const std::string& method = "GET") const {
    ApiHandler h(corpus_);
    HttpRequest r;
    r.method = method;
    r.target = target;
    return h.Handle(r);
  }
  HttpResponse Post(const std::string& target, const std::string& body,
                    const std::string& content_type = "application/json") const {
    ApiHandler h(corpus_);
    HttpRequest r;
    r.method = "POST";
    r.target = target;
    if (!content_type.empty()) r.headers.emplace_back("content-type", content_type);
    r.body = body;
    return h.Handle(r);
  }
  static Json Body(const HttpResponse& r) { return Json::parse(r.body); }
  // The assumptions the offer routes value with: guides' reviews judged as of
  // the served corpus's date.
  ValuationAssumptions Served() const {
    ValuationAssumptions a;
    a.today = corpus_->options().today;
    return a;
  }
  // Asserts the error shape and returns it.
  static Json Error(const HttpResponse& r, int status, const std::string& code,
                    const std::string& field = "") {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.content_type, "application/json");
    Json j = Json::parse(r.body);
    EXPECT_EQ(j.size(), 1u);
    EXPECT_EQ(j["error"]["code"], code) << r.body;
    EXPECT_TRUE(j["error"]["message"].is_string());
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
    if (field.empty()) {
      EXPECT_FALSE(j["error"].contains("field")) << r.body;
    } else {
      EXPECT_EQ(j["error"]["field"], field) << r.body;
    }
    return j;
  }

  std::shared_ptr<const ServedCorpus> corpus_;
  const CorpusSnapshot* snapshot_ = nullptr;
};

// The ids of the bundled guides: their file names without ".md".
std::vector<std::string> BundledIds() {
  std::vector<std::string> ids;
  for (const auto& e : std::filesystem::directory_iterator(kGuides)) {
    if (e.path().extension() == ".md" && e.path().filename() != "README.md")
      ids.push_back(e.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST_P(ApiTest, Health) {
  HttpResponse r = Get("/api/health");
  ASSERT_EQ(r.status, 200);
  Json j = Body(r);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["store"], GetParam());
  EXPECT_EQ(j["schema_version"], kStoreSchemaVersion);
  EXPECT_EQ(j["guides"], BundledIds().size());
  EXPECT_EQ(j["last_import"], "2026-11-23T10:00:00Z");
  Error(Get("/api/health?x=1"), 400, "invalid_parameter", "x");
}

TEST_P(ApiTest, ListsEveryGuideByIdByDefault) {
  HttpResponse r = Get("/api/guides");
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = Body(r);
  const std::vector<std::string> ids = BundledIds();
  EXPECT_EQ(j["total"], ids.size());
  EXPECT_EQ(j["offset"], 0);
  EXPECT_EQ(j["limit"], 50);
  ASSERT_EQ(j["items"].size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(j["items"][i]["id"], ids[i]);
  const Json& first = j["items"][0];
  EXPECT_EQ(first["id"], "ambertrail-freight--product-manager");
  EXPECT_EQ(first["company"], "ambertrail-freight");
  EXPECT_EQ(first["role"], "product-manager");
  EXPECT_EQ(first["last_updated"], "2026-09-14");
  EXPECT_EQ(first["next_review_due"], "2026-12-14");
  EXPECT_TRUE(first["regions"].is_array());
  EXPECT_FALSE(first["regions"].empty());
}

TEST_P(ApiTest, FiltersSortsAndPages) {
  // The 5 Hugging Face guides: 2 with front matter name the slug
  // huggingface-enterprise, 3 body-only ones get hugging-face-enterprise from
  // their headings. Every spelling the duplicate-guide rule takes for that
  // company finds all 5, each shown with its own slug.
  size_t hf_bands = 0;
  for (const StoredBand& b : snapshot_->bands)
    hf_bands += b.guide_id.starts_with("hugging-face-enterprise--");
  ASSERT_GT(hf_bands, 5u);
  for (const char* spelling : {"huggingface-enterprise", "hugging-face-enterprise",
                               "Hugging%20Face%20Enterprise", "HUGGING_FACE+enterprise"}) {
    SCOPED_TRACE(spelling);
    Json hf = Body(Get(std::string("/api/guides?company=") + spelling));
    ASSERT_EQ(hf["total"], 5);
    std::vector<std::string> slugs;
    for (const Json& g : hf["items"]) slugs.push_back(g["company"]);
    // By id: engineering-manager and ml-ai-engineer have front matter.
    EXPECT_EQ(slugs, (std::vector<std::string>{"huggingface-enterprise", "huggingface-enterprise",
                                               "hugging-face-enterprise", "hugging-face-enterprise",
                                               "hugging-face-enterprise"}));
    EXPECT_EQ(Body(Get(std::string("/api/bands?company=") + spelling))["total"], hf_bands);
  }
  Json em = Body(Get("/api/guides?company=Hugging%20Face%20Enterprise&role=engineering_manager"));
  ASSERT_EQ(em["total"], 1);
  EXPECT_EQ(em["items"][0]["id"], "hugging-face-enterprise--engineering-manager");
  // Case-insensitive, on the role slug.
  Json pm = Body(Get("/api/guides?role=PRODUCT-MANAGER"));
  ASSERT_EQ(pm["total"], 1);
  EXPECT_EQ(pm["items"][0]["id"], "ambertrail-freight--product-manager");
  // Text search: a substring, '+' as a space.
  Json q = Body(Get("/api/guides?q=tallowmere"));
  ASSERT_EQ(q["total"], 1);
  EXPECT_EQ(q["items"][0]["id"], "tallowmere-payments--security-engineer");
  // Sorting by last_updated, newest first, then paging through two at a time.
  Json all = Body(Get("/api/guides?sort=-last_updated&limit=200"));
  std::vector<std::string> dates;
  for (const Json& g : all["items"]) {
    if (!g["last_updated"].is_null()) dates.push_back(g["last_updated"]);
  }
  EXPECT_TRUE(std::is_sorted(dates.rbegin(), dates.rend()));
  Json page = Body(Get("/api/guides?sort=-last_updated&offset=2&limit=2"));
  EXPECT_EQ(page["total"], all["total"]);
  EXPECT_EQ(page["offset"], 2);
  EXPECT_EQ(page["limit"], 2);
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["id"], all["items"][2]["id"]);
  EXPECT_EQ(page["items"][1]["id"], all["items"][3]["id"]);
  // Past the end: an empty page with the total.
  Json past = Body(Get("/api/guides?offset=1000"));
  EXPECT_EQ(past["total"], all["total"]);
  EXPECT_TRUE(past["items"].empty());
  // No match.
  EXPECT_EQ(Body(Get("/api/guides?company=nobody"))["total"], 0);
}

TEST_P(ApiTest, BadGuideListParametersAre400WithTheField) {
  Error(Get("/api/guides?limit=0"), 400, "invalid_parameter", "limit");
  Error(Get("/api/guides?limit=201"), 400, "invalid_parameter", "limit");
  Error(Get("/api/guides?limit=-1"), 400, "invalid_parameter", "limit");
  Error(Get("/api/guides?limit=1e3"), 400, "invalid_parameter", "limit");
  Error(Get("/api/guides?limit="), 400, "invalid_parameter", "limit");
  Error(Get("/api/guides?offset=99999999999999999999"), 400, "invalid_parameter", "offset");
  Error(Get("/api/guides?offset=+1"), 400, "invalid_parameter", "offset");
  Error(Get("/api/guides?sort=salary"), 400, "invalid_parameter", "sort");
  Error(Get("/api/guides?sort=--company"), 400, "invalid_parameter", "sort");
  Error(Get("/api/guides?compnay=x"), 400, "invalid_parameter", "compnay");
  Error(Get("/api/guides?company=a&company=b"), 400, "invalid_parameter", "company");
  Error(Get("/api/guides?company=" + std::string(kMaxFilterBytes + 1, 'a')), 400,
        "invalid_parameter", "company");
  // Undecodable values are refused at their parameter.
  Error(Get("/api/guides?q=%zz"), 400, "invalid_parameter", "q");
  Error(Get("/api/guides?q=%00"), 400, "invalid_parameter", "q");
  Error(Get("/api/guides?q=%ff"), 400, "invalid_parameter", "q");
  Error(Get("/api/guides?%zz=1"), 400, "invalid_parameter", "%zz");
}

TEST_P(ApiTest, SqlInjectionStringsAreJustText) {
  for (const char* evil : {"%27%20OR%201%3D1%20--", "%22%3B%20DROP%20TABLE%20guides%3B%20--", "%25",
                           "_", "%27", "%5C"}) {
    for (const char* param : {"company", "role", "region", "q"}) {
      HttpResponse r = Get(std::string("/api/guides?") + param + "=" + evil);
      ASSERT_EQ(r.status, 200) << param << "=" << evil << " " << r.body;
      EXPECT_EQ(Body(r)["total"], 0) << param << "=" << evil;
    }
    for (const char* param : {"company", "role", "region", "currency", "guide"}) {
      HttpResponse r = Get(std::string("/api/bands?") + param + "=" + evil);
      ASSERT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(Body(r)["total"], 0) << param << "=" << evil;
    }
    for (const char* param : {"code", "guide"}) {
      HttpResponse r = Get(std::string("/api/findings?") + param + "=" + evil);
      ASSERT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(Body(r)["total"], 0);
    }
  }
  EXPECT_EQ(Body(Get("/api/guides"))["total"], BundledIds().size());
}

TEST_P(ApiTest, OneGuideAsJsonMarkdownAndHtml) {
  const std::string id = "hugging-face-enterprise--engineering-manager";
  const std::string path = kGuides + "/" + id + ".md";
  // The JSON is the store's, which is the renderer's for the same file.
  auto file = LoadSourceFile(path);
  ASSERT_TRUE(file.ok());
  DiagnosticSink sink;
  auto guide = ReadGuide(*file, sink);
  ASSERT_TRUE(guide.has_value());
  HttpResponse json = Get("/api/guides/" + id);
  ASSERT_EQ(json.status, 200);
  EXPECT_EQ(json.content_type, "application/json");
  const GuideRecord* record = nullptr;
  for (const GuideRecord& g : snapshot_->guides) {
    if (g.summary.id == id) record = &g;
  }
  ASSERT_NE(record, nullptr);
  // The stored JSON, ended with a newline as every route's JSON is.
  EXPECT_EQ(json.body, record->json + "\n");
  EXPECT_EQ(Body(json)["company"], Json::parse(RenderGuideJson(*guide))["company"]);
  // A second request gets the same bytes.
  EXPECT_EQ(Get("/api/guides/" + id).body, json.body);
  EXPECT_EQ(Get("/api/guides/" + id + "?format=json").body, json.body);

  HttpResponse md = Get("/api/guides/" + id + "?format=md");
  ASSERT_EQ(md.status, 200);
  EXPECT_EQ(md.content_type, "text/markdown; charset=utf-8");
  EXPECT_EQ(md.body, RenderCanonicalMarkdown(*guide, *file));

  HttpResponse html = Get("/api/guides/" + id + "?format=html");
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.content_type, "text/html; charset=utf-8");
  EXPECT_TRUE(html.body.starts_with("<!DOCTYPE html>") || html.body.starts_with("<!doctype html>"))
      << html.body.substr(0, 40);

  Error(Get("/api/guides/" + id + "?format=pdf"), 400, "invalid_parameter", "format");
  Error(Get("/api/guides/" + id + "?fmt=md"), 400, "invalid_parameter", "fmt");
  // Without ?currency= the page's common view is USD, as levers render's.
  EXPECT_NE(html.body.find("<figcaption aria-hidden=\"true\">Base by region (USD)</figcaption>"),
            std::string::npos);
  EXPECT_EQ(html.body.find("by region (EUR)</figcaption>"), std::string::npos);
}

// ?currency= picks the HTML page's common currency, as the served page's and
// levers render --to html --currency do; the JSON and Markdown have no such
// view, so it is refused with them rather than ignored.
TEST_P(ApiTest, TheGuidePageTakesACurrency) {
  const std::string id = "hugging-face-enterprise--engineering-manager";
  HttpResponse eur = Get("/api/guides/" + id + "?format=html&currency=eur");
  ASSERT_EQ(eur.status, 200) << eur.body;
  EXPECT_EQ(eur.content_type, "text/html; charset=utf-8");
  // By hand, from the bundled table's last rates (2025-05-09, 1 EUR = 1.1252
  // USD), half to even to the cent: 220,000 / 1.1252 = 195,520.7963... ->
  // 195,520.80; 275,000 / 1.1252 = 244,400.9953... -> 244,401.00.
  EXPECT_NE(eur.body.find("<figcaption aria-hidden=\"true\">Base by region (EUR)</figcaption>"),
            std::string::npos);
  EXPECT_NE(eur.body.find("<desc>San Francisco: EUR 195,520.80 to 244,401;"), std::string::npos)
      << eur.body;
  EXPECT_EQ(eur.body.find("by region (USD)</figcaption>"), std::string::npos);
  // The same page as the renderer's, for the same guide and options.
  const CheckedGuide* g = corpus_->FindGuide(id);
  ASSERT_NE(g, nullptr);
  HtmlOptions o;
  o.today = corpus_->options().today;
  o.findings = &g->findings.diagnostics();
  o.file = &*g->file;
  o.common.code = "EUR";
  EXPECT_EQ(eur.body, RenderGuideHtml(*g->guide, o));
  EXPECT_EQ(Get("/api/guides/" + id + "?currency=EUR&format=html").body, eur.body);

  Json empty = Error(Get("/api/guides/" + id + "?format=html&currency="), 400, "invalid_parameter",
                     "currency");
  EXPECT_NE(empty["error"]["message"].get<std::string>().find("not empty"), std::string::npos);
  Json unknown = Error(Get("/api/guides/" + id + "?format=html&currency=XYZ"), 400,
                       "invalid_parameter", "currency");
  EXPECT_NE(unknown["error"]["message"].get<std::string>().find("levers knows"), std::string::npos);
  // Known, but the ECB does not quote it.
  Json unquoted = Error(Get("/api/guides/" + id + "?format=html&currency=AED"), 400,
                        "invalid_parameter", "currency");
  EXPECT_NE(unquoted["error"]["message"].get<std::string>().find("no ECB rate for AED"),
            std::string::npos)
      << unquoted;
  Error(Get("/api/guides/" + id + "?format=html&currency=EUR&currency=GBP"), 400,
        "invalid_parameter", "currency");
  for (const char* format : {"", "format=json&", "format=md&"}) {
    Json j = Error(Get("/api/guides/" + id + "?" + format + "currency=EUR"), 400,
                   "invalid_parameter", "currency");
    EXPECT_NE(j["error"]["message"].get<std::string>().find("only for format=html"),
              std::string::npos);
  }
  // A bad format is named first, whatever the currency.
  Error(Get("/api/guides/" + id + "?format=pdf&currency=EUR"), 400, "invalid_parameter", "format");
  // An unknown guide with a good currency is a 404.
  Error(Get("/api/guides/no-such-guide?format=html&currency=EUR"), 404, "not_found");
}

TEST_P(ApiTest, TheServedImportHoldsEachJsonAndSourceOnce) {
  const std::string id = "hugging-face-enterprise--engineering-manager";
  // Every request shares the one copy of the JSON the served import holds.
  auto a = corpus_->GuideJson(id);
  auto b = corpus_->GuideJson(id);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ(corpus_->GuideJson("no-such-guide").status().code(), StatusCode::kNotFound);
  // The source is held by the guide's model only, byte for byte as imported.
  const GuideRecord* record = nullptr;
  for (const GuideRecord& g : snapshot_->guides) {
    if (g.summary.id == id) record = &g;
  }
  ASSERT_NE(record, nullptr);
  const CheckedGuide* model = corpus_->FindGuide(id);
  ASSERT_NE(model, nullptr);
  ASSERT_TRUE(model->file.has_value());
  EXPECT_EQ(model->file->text(), record->source);
  auto copy = corpus_->store().GetGuide(id);
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->source, "");
  EXPECT_EQ(copy->json, record->json);
}

// The handler over one guide's text imported under each of `names` (file
// names without ".md", below /corpus).
ApiHandler HandlerOverNames(const std::vector<std::string>& names) {
  const std::string text = ReadFile(kGuides + "/hugging-face-enterprise--engineering-manager.md");
  EXPECT_FALSE(text.empty());
  std::vector<CheckedGuide> checked;
  for (const std::string& name : names) {
    CheckedGuide g;
    g.path = "/corpus/" + name + ".md";
    g.file.emplace(g.path, text);
    g.guide = ReadGuide(*g.file, g.findings);
    checked.push_back(std::move(g));
  }
  SnapshotOptions so;
  so.root_dir = "/corpus";
  auto snapshot = BuildCorpusSnapshot(checked, so);
  EXPECT_TRUE(snapshot.ok()) << snapshot.status().message();
  auto store = OpenStore("memory:");
  EXPECT_TRUE(store.ok());
  EXPECT_TRUE((*store)->ReplaceCorpus(*snapshot).ok());
  auto corpus = ServedCorpus::Load(**store);
  EXPECT_TRUE(corpus.ok()) << corpus.status().message();
  return ApiHandler(std::shared_ptr<const ServedCorpus>(std::move(*corpus)));
}

HttpResponse GetFrom(const ApiHandler& h, const std::string& target) {
  HttpRequest r;
  r.method = "GET";
  r.target = target;
  return h.Handle(r);
}

// Any file name an import accepts is an id every guide route answers to.
// The offer routes judge a guide's review as of the served corpus's date
// (`levers serve --today`), the date its findings use: each evaluation's
// guide_data says how current the guide's data is beside its band position.
TEST(ApiGuideData, OffersSayHowCurrentTheGuidesDataIsAsOfTheServedDate) {
  auto store = OpenStore("memory:");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->ReplaceCorpus(Snapshot()).ok());
  ServedCorpusOptions options;
  options.today = Date{2026, 11, 24};
  auto corpus = ServedCorpus::Load(**store, options);
  ASSERT_TRUE(corpus.ok()) << corpus.status().message();
  const ApiHandler h(std::shared_ptr<const ServedCorpus>(std::move(*corpus)));
  auto post = [&](const std::string& target, const std::string& body) {
    HttpRequest r;
    r.method = "POST";
    r.target = target;
    r.headers.emplace_back("content-type", "application/json");
    r.body = body;
    const HttpResponse res = h.Handle(r);
    EXPECT_EQ(res.status, 200) << target << ": " << res.body;
    return res.status == 200 ? Json::parse(res.body) : Json::object();
  };
  // 2026-05-23 to 2026-11-24: 8 + 30 + 31 + 31 + 30 + 31 + 24 = 185 days.
  const Json em = Json::parse(
      R"({"data_quality":"high","salary_data_quarter":"2025-Q4","last_updated":"2026-02-23",)"
      R"("next_review_due":"2026-05-23","review":{"due":"2026-05-23","basis":"next_review_due",)"
      R"("evidence_date":null,"as_of":"2026-11-24","overdue":true,"overdue_days":185}})");
  const std::string hf =
      R"({"label":"HF EM","company":"Hugging Face Enterprise","role":"Engineering Manager",)"
      R"("region":"San Francisco","currency":"USD","date":"2025-05-09","base":240000})";
  EXPECT_EQ(post("/api/offers/evaluate", hf)["guide_data"], em);
  EXPECT_EQ(post("/api/offers/counter", R"({"offer":)" + hf + "}")["offer"]["guide_data"], em);
  // Glimmerfen's guide has no front matter: its evidence dates its data (2026),
  // so its review is taken as due 2026-04-01; to 2026-11-24 is 30 + 31 + 30 +
  // 31 + 31 + 30 + 31 + 23 = 237 days. An offer without a guide has none.
  const std::string glimmerfen =
      R"({"label":"GH","company":"Glimmerfen Health","role":"Data Scientist","region":"Berlin",)"
      R"("currency":"EUR","date":"2025-05-09","base":95000})";
  const std::string nosuch = R"({"label":"N","company":"Nosuch","currency":"USD","base":1})";
  const Json cmp =
      post("/api/offers/compare", R"({"offers":[)" + hf + "," + glimmerfen + "," + nosuch + "]}");
  ASSERT_EQ(cmp["offers"].size(), 3u);
  EXPECT_EQ(cmp["offers"][0]["guide_data"], em);
  EXPECT_EQ(cmp["offers"][1]["guide_data"],
            Json::parse(R"({"data_quality":null,"salary_data_quarter":null,"last_updated":null,)"
                        R"("next_review_due":null,"review":{"due":"2026-04-01","basis":"evidence",)"
                        R"("evidence_date":"2026","as_of":"2026-11-24","overdue":true,)"
                        R"("overdue_days":237}})"));
  EXPECT_TRUE(cmp["offers"][2]["guide_data"].is_null());
}

TEST(ApiIds, FileNamesWithSpacesPercentAndNonAsciiAreServed) {
  const ApiHandler h = HandlerOverNames({"a b", "50%", "\xC3\xBCn\xC3\xAF", "x#y"});
  auto get = [&](const std::string& target) { return GetFrom(h, target); };
  for (const char* encoded : {"a%20b", "50%25", "%C3%BCn%C3%AF", "x%23y"}) {
    EXPECT_EQ(get(std::string("/api/guides/") + encoded).status, 200) << encoded;
    EXPECT_EQ(get(std::string("/api/guides/") + encoded + "/findings").status, 200) << encoded;
  }
  EXPECT_EQ(get("/api/guides/a%00b").status, 400);  // no target may hold a NUL
  for (const char* bad :
       {"/api/guides/..", "/api/guides/a/../b", "/api/guides/a%0Ab", "/api/guides/nope"}) {
    EXPECT_EQ(get(bad).status, 404) << bad;
  }
}

// Ids may end in "/findings" (a file findings.md in a folder): "%2F" keeps a
// '/' inside the id, and ".../findings" as sent is the findings route only when
// the id before it is known.
TEST(ApiIds, IdsEndingInFindingsAreServed) {
  const ApiHandler h = HandlerOverNames({"a", "a/findings", "sub/findings", "findings"});
  auto guide_path = [&](const std::string& target) {
    const HttpResponse r = GetFrom(h, target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    return r.status == 200 ? Json::parse(r.body).value("path", "") : "";
  };
  auto findings_of = [&](const std::string& target) {
    const HttpResponse r = GetFrom(h, target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    const Json j = r.status == 200 ? Json::parse(r.body) : Json::object();
    EXPECT_TRUE(j.contains("items")) << target << ": " << r.body;
    return j.value("guide_id", "");
  };
  EXPECT_EQ(findings_of("/api/guides/a/findings"), "a");
  EXPECT_EQ(guide_path("/api/guides/a%2Ffindings"), "a/findings.md");
  EXPECT_EQ(guide_path("/api/guides/a%2ffindings"), "a/findings.md");
  EXPECT_EQ(findings_of("/api/guides/a%2Ffindings/findings"), "a/findings");
  EXPECT_EQ(findings_of("/api/guides/a/findings/findings"), "a/findings");
  // No guide "sub": the guide "sub/findings", however its '/' is sent.
  EXPECT_EQ(guide_path("/api/guides/sub/findings"), "sub/findings.md");
  EXPECT_EQ(guide_path("/api/guides/sub%2Ffindings"), "sub/findings.md");
  EXPECT_EQ(findings_of("/api/guides/sub/findings/findings"), "sub/findings");
  EXPECT_EQ(guide_path("/api/guides/findings"), "findings.md");
  EXPECT_EQ(findings_of("/api/guides/findings/findings"), "findings");
  EXPECT_EQ(findings_of("/api/guides/a/%66indings"), "a");  // escaped letters are letters
  const HttpResponse none = GetFrom(h, "/api/guides/nope/findings");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(Json::parse(none.body)["error"]["message"], "no guide with id \"nope\"");
  EXPECT_EQ(GetFrom(h, "/api/guides/sub").status, 404);
  EXPECT_EQ(GetFrom(h, "/api/guides/a/findings?format=md").status, 400);  // findings take none
  EXPECT_EQ(GetFrom(h, "/api/guides/sub/findings?format=md").status, 200);
  // Every id the list gives is served, its '/' escaped.
  const Json list = Json::parse(GetFrom(h, "/api/guides").body);
  ASSERT_EQ(list["total"], 4);
  for (const Json& g : list["items"]) {
    std::string id = g["id"], escaped;
    for (char c : id) escaped += c == '/' ? std::string("%2F") : std::string(1, c);
    EXPECT_EQ(guide_path("/api/guides/" + escaped), g["path"]) << id;
    EXPECT_EQ(findings_of("/api/guides/" + escaped + "/findings"), id);
  }
}

// Routes are matched on the path's segments as sent: an escaped '/' joins two
// names into one segment, which names no route.
TEST_P(ApiTest, AnEscapedSlashIsNoSegmentBreak) {
  EXPECT_EQ(Get("/api/%68ealth").status, 200);
  Error(Get("/api%2Fhealth"), 404, "not_found");
  Error(Get("/api/offers%2Fevaluate"), 404, "not_found");
}

TEST_P(ApiTest, HeadIsAnsweredAsGet) {
  HttpResponse head = Get("/api/guides/tallowmere-payments--security-engineer", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, Get("/api/guides/tallowmere-payments--security-engineer").body);
}

TEST_P(ApiTest, UnknownGuidesAndTraversalAre404) {
  Error(Get("/api/guides/no-such-guide"), 404, "not_found");
  Error(Get("/api/guides/no-such-guide?format=md"), 404, "not_found");
  Error(Get("/api/guides/no-such-guide/findings"), 404, "not_found");
  for (const char* t :
       {"/api/guides/..%2f..%2fetc%2fpasswd", "/api/guides/..%252f..%252fetc%252fpasswd",
        "/api/guides/../../etc/passwd", "/api/guides/%2e%2e/%2e%2e/etc/passwd", "/api/guides/a//b",
        "/api/guides/.", "/api/guides/x%20y", "/api/guides/%2Fetc%2Fpasswd",
        "/api/guides/..%5c..%5cwindows"}) {
    HttpResponse r = Get(t);
    Error(r, 404, "not_found");
    EXPECT_EQ(r.body.find("root:"), std::string::npos);
  }
  Error(Get("/api/guides/a%zz"), 400, "bad_request");
  Error(Get("/api/nothing"), 404, "not_found");
  Error(Get("/api/guides/"), 404, "not_found");
}

// A 404 quotes at most 200 bytes of the id asked for, as the store's
// messages do, never cutting a UTF-8 character; so do unknown routes.
TEST_P(ApiTest, A404QuotesAtMost200BytesOfTheId) {
  const std::string a200(200, 'a');
  const std::string quoted = "no guide with id \"" + a200 + "\"";
  for (const std::string& t :
       {"/api/guides/" + std::string(5000, 'a'), "/api/guides/" + std::string(300, 'a'),
        "/api/guides/" + std::string(300, 'a') + "?format=md",
        "/api/guides/" + std::string(300, 'a') + "/findings"}) {
    Json j = Error(Get(t), 404, "not_found");
    EXPECT_EQ(j["error"]["message"], quoted) << t.substr(0, 40);
  }
  // 199 bytes, then a two-byte character that would end at byte 201.
  Json j = Error(Get("/api/guides/" + std::string(199, 'a') + "%C3%A9b"), 404, "not_found");
  EXPECT_EQ(j["error"]["message"], "no guide with id \"" + std::string(199, 'a') + "\"");
  j = Error(Get("/api/" + std::string(5000, 'x')), 404, "not_found");
  EXPECT_EQ(j["error"]["message"], "no API route /api/" + std::string(195, 'x'));
}

// The store's message quotes at most 200 bytes of an id, whole characters.
TEST_P(ApiTest, TheStoreQuotesWholeCharactersOfAnId) {
  const std::string id = std::string(198, 'a') + "\xF0\x9F\x98\x80" + "tail";
  auto json = corpus_->store().GetGuideJson(id);
  ASSERT_EQ(json.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(json.status().message(), "no guide with id '" + std::string(198, 'a') + "'");
}

TEST_P(ApiTest, FindingsOfOneGuideAndOfTheCorpus) {
  // Expected counts straight from the snapshot the store was given.
  std::map<std::string, size_t> by_severity;
  std::map<std::string, size_t> by_guide;
  for (const StoredFinding& f : snapshot_->findings) {
    ++by_severity[f.severity];
    ++by_guide[f.guide_id];
  }
  ASSERT_FALSE(snapshot_->findings.empty());
  // The date the snapshot was checked on: its review-overdue findings are those.
  const std::string on = "today=2026-11-23";
  Json all = Body(Get("/api/findings?" + on));
  EXPECT_EQ(all["total"], snapshot_->findings.size());
  for (const char* sev : {"error", "warning", "note"}) {
    Json j = Body(Get(std::string("/api/findings?severity=") + sev + "&" + on));
    EXPECT_EQ(j["total"], by_severity[sev]) << sev;
    for (const Json& f : j["items"]) EXPECT_EQ(f["severity"], sev);
  }
  const StoredFinding& some = snapshot_->findings.front();
  Json by_code = Body(Get("/api/findings?code=" + some.code + "&" + on));
  size_t code_count = 0;
  for (const StoredFinding& f : snapshot_->findings) code_count += f.code == some.code;
  EXPECT_EQ(by_code["total"], code_count);

  Json one = Body(Get("/api/guides/" + some.guide_id + "/findings?" + on));
  EXPECT_EQ(one["guide_id"], some.guide_id);
  EXPECT_EQ(one["total"], by_guide[some.guide_id]);
  EXPECT_EQ(one["items"][0]["code"], some.code);
  EXPECT_EQ(one["items"][0]["line"], some.line);
  EXPECT_EQ(one["items"][0]["column"], some.column);
  EXPECT_EQ(one["items"][0]["message"], some.message);
  EXPECT_EQ(Body(Get("/api/findings?guide=" + some.guide_id + "&" + on))["total"],
            by_guide[some.guide_id]);

  // A guide with no findings answers an empty list, not 404.
  for (const std::string& id : BundledIds()) {
    if (by_guide.count(id)) continue;
    Json none = Body(Get("/api/guides/" + id + "/findings"));
    EXPECT_EQ(none["total"], 0);
    break;
  }
  Error(Get("/api/findings?severity=fatal"), 400, "invalid_parameter", "severity");
  Error(Get("/api/guides/" + some.guide_id + "/findings?x=1"), 400, "invalid_parameter", "x");
}

// The date rules are judged as of ?today (the snapshot was checked as of
// 2026-11-23): the same guides, other findings.
TEST_P(ApiTest, FindingsJudgeTheDateRulesAsOfToday) {
  // Every guide whose front matter gives a review date, from the snapshot.
  std::map<std::string, std::string> due;  // id -> next_review_due
  for (const GuideRecord& g : snapshot_->guides) {
    if (!g.summary.next_review_due.empty()) due[g.summary.id] = g.summary.next_review_due;
  }
  ASSERT_GE(due.size(), 3u);
  const Date later{2030, 1, 1};
  Json overdue = Body(Get("/api/findings?code=review-overdue&today=2030-01-01"));
  ASSERT_EQ(overdue["total"], due.size()) << overdue.dump();
  for (const Json& f : overdue["items"]) {
    const std::string id = f["guide_id"];
    const Date d = *ParseIsoDate(due[id]).date;
    EXPECT_EQ(f["message"], "review was due " + due[id] + ", " +
                                std::to_string(later.DaysSinceEpoch() - d.DaysSinceEpoch()) +
                                " days before 2030-01-01");
    EXPECT_EQ(f["field"], "next_review_due");
    EXPECT_EQ(f["severity"], "warning");
  }
  // Before every review date none is overdue, and every last_updated is in the future.
  EXPECT_EQ(Body(Get("/api/findings?code=review-overdue&today=2000-01-01"))["total"], 0);
  Json future =
      Body(Get("/api/guides/ambertrail-freight--product-manager/findings?today=2000-01-01"));
  size_t futures = 0;
  for (const Json& f : future["items"]) {
    EXPECT_NE(f["code"], "review-overdue");
    if (f["code"] == "date-future") {
      ++futures;
      EXPECT_EQ(f["message"], "last_updated 2026-09-14 is after today (2000-01-01)");
      EXPECT_EQ(f["line"], 7);
    }
  }
  EXPECT_EQ(futures, 1u);
  // The other findings are the stored ones, whatever the date. data-stale is
  // dated too: 2025-Q4 and 2026-Q2 data are not old on 2026-11-23 alike, but
  // all are by 2030 (five guides state a salary_data_quarter).
  Json all_then = Body(Get("/api/findings?today=2030-01-01&limit=1000"));
  Json all_now = Body(Get("/api/findings?today=2026-11-23&limit=1000"));
  auto undated = [](const Json& f) {
    return f["code"] != "review-overdue" && f["code"] != "data-stale";
  };
  size_t undated_then = 0, undated_now = 0, quarters_then = 0;
  for (const Json& f : all_then["items"]) {
    undated_then += undated(f);
    quarters_then += f["code"] == "data-stale" && f["field"] == "salary_data_quarter";
  }
  for (const Json& f : all_now["items"]) undated_now += undated(f);
  EXPECT_EQ(undated_then, undated_now);
  EXPECT_EQ(quarters_then, 5u);
  Error(Get("/api/findings?today=2026-13-01"), 400, "invalid_parameter", "today");
  Error(Get("/api/findings?today=tomorrow"), 400, "invalid_parameter", "today");
  Error(Get("/api/guides/ambertrail-freight--product-manager/findings?today=2026-02-30"), 400,
        "invalid_parameter", "today");
}

TEST_P(ApiTest, BandsWithMinorUnitsAndFilters) {
  Json all = Body(Get("/api/bands"));
  EXPECT_EQ(all["total"], snapshot_->bands.size());
  ASSERT_FALSE(snapshot_->bands.empty());
  const StoredBand& b = snapshot_->bands.front();
  const Json& first = all["items"][0];
  EXPECT_EQ(first["guide_id"], b.guide_id);
  EXPECT_EQ(first["region"], b.region);
  EXPECT_EQ(first["currency"], b.currency);
  ASSERT_TRUE(b.base_low.has_value());
  EXPECT_EQ(first["base_low_minor"], *b.base_low);
  EXPECT_EQ(first["base_high_minor"], *b.base_high);
  EXPECT_EQ(first["stock_vesting_years"], b.stock_vesting_years);

  size_t in_currency = 0;
  for (const StoredBand& s : snapshot_->bands) in_currency += s.currency == b.currency;
  Json cur = Body(Get("/api/bands?currency=" + b.currency));
  EXPECT_EQ(cur["total"], in_currency);
  size_t of_guide = 0;
  for (const StoredBand& s : snapshot_->bands) of_guide += s.guide_id == b.guide_id;
  EXPECT_EQ(Body(Get("/api/bands?guide=" + b.guide_id))["total"], of_guide);
}

TEST_P(ApiTest, BandsAndFindingsComeInPages) {
  for (const char* route : {"/api/bands", "/api/findings"}) {
    const std::string r = route;
    Json all = Body(Get(r + "?limit=1000"));
    const size_t total = all["total"].get<size_t>();
    ASSERT_GT(total, 3u) << r;
    EXPECT_EQ(all["items"].size(), total) << r;
    EXPECT_EQ(all["offset"], 0);
    EXPECT_EQ(all["limit"], 1000);
    // The default page, and pages that walk the whole list in order.
    Json first = Body(Get(r));
    EXPECT_EQ(first["limit"], 200) << r;
    EXPECT_EQ(first["items"].size(), std::min<size_t>(total, 200)) << r;
    Json walked = Json::array();
    for (size_t offset = 0; offset < total; offset += 2) {
      Json page = Body(Get(r + "?limit=2&offset=" + std::to_string(offset)));
      EXPECT_EQ(page["total"], total);
      EXPECT_EQ(page["offset"], offset);
      for (const Json& item : page["items"]) walked.push_back(item);
    }
    EXPECT_EQ(walked, all["items"]) << r;
    Json past = Body(Get(r + "?offset=" + std::to_string(total)));
    EXPECT_TRUE(past["items"].empty());
    EXPECT_EQ(past["total"], total);
    Error(Get(r + "?limit=0"), 400, "invalid_parameter", "limit");
    Error(Get(r + "?limit=1001"), 400, "invalid_parameter", "limit");
    Error(Get(r + "?offset=-1"), 400, "invalid_parameter", "offset");
  }
}

TEST_P(ApiTest, LevelsAnswerAsTheCliDoes) {
  HttpResponse r = Get("/api/levels?q=Google%20L6");
  ASSERT_EQ(r.status, 200) << r.body;
  // The CLI's answer, plus each source's guide id and every list's full count.
  auto answer = corpus_->levels().Equivalents("Google L6");
  ASSERT_TRUE(answer.ok());
  LevelJsonOptions jo;
  jo.locate = [this](const std::string& path, uint32_t offset) -> std::optional<LineColumn> {
    const CheckedGuide* g = corpus_->FindGuide(corpus_->IdOfPath(path));
    if (!g || !g->file) return std::nullopt;
    return g->file->Locate(offset);
  };
  Json cli = Json::parse(FormatLevelAnswerJson(*answer, jo));
  Json j = Body(r);
  EXPECT_FALSE(j["equivalents"].empty());
  ASSERT_EQ(j["equivalents"].size(), cli["equivalents"].size());
  for (size_t i = 0; i < j["equivalents"].size(); ++i) {
    Json& e = j["equivalents"][i];
    EXPECT_EQ(e["sources_total"], cli["equivalents"][i]["sources"].size());
    for (Json& src : e["sources"]) {
      const std::string id = src["guide_id"];
      ASSERT_NE(corpus_->FindGuide(id), nullptr) << id;
      EXPECT_EQ(corpus_->FindGuide(id)->path, src["path"]);
      EXPECT_EQ(Get("/api/guides/" + id).status, 200) << id;
      src.erase("guide_id");
    }
    e.erase("sources_total");
  }
  for (Json& d : j["disagreements"]) {
    d.erase("claims_total");
    for (Json& c : d["claims"]) c["source"].erase("guide_id");
  }
  for (Json& m : j["matched"]) {
    m.erase("sources_total");
    for (Json& src : m["sources"]) src.erase("guide_id");
  }
  EXPECT_EQ(j, cli);
  // A limit cuts every list and says how long it was.
  Json one = Body(Get("/api/levels?q=Google%20L6&limit=1"));
  for (const Json& e : one["equivalents"]) EXPECT_LE(e["sources"].size(), 1u);
  Error(Get("/api/levels?q=Google%20L6&limit=0"), 400, "invalid_parameter", "limit");
  HttpResponse plus = Get("/api/levels?q=Google+L6");
  EXPECT_EQ(plus.body, r.body);
  Error(Get("/api/levels"), 400, "invalid_parameter", "q");
  Error(Get("/api/levels?q=L6"), 400, "invalid_parameter", "q");
  Error(Get("/api/levels?q=Nosuchcompany%20L6"), 404, "not_found", "q");
  Error(Get("/api/levels?q=Google%20L6&indirect=maybe"), 400, "invalid_parameter", "indirect");
  EXPECT_EQ(Get("/api/levels?q=Google%20L6&indirect=1").status, 200);
}

TEST_P(ApiTest, EvaluateMatchesTheOfferEngine) {
  const std::string body =
      ReadFile(std::string(LEVERS_SOURCE_DIR) + "/data/offers/paris-offer-eur.json");
  HttpResponse r = Post("/api/offers/evaluate", body);
  ASSERT_EQ(r.status, 200) << r.body;
  // The same evaluation computed directly.
  SourceFile file("body", body);
  DiagnosticSink sink;
  auto offer = ReadOffer(file, sink);
  ASSERT_TRUE(offer.has_value());
  auto guide = FindGuide(corpus_->guides(), offer->company, offer->role);
  ASSERT_TRUE(guide.ok());
  auto ev = Evaluate(*offer, *guide, Served());
  ASSERT_TRUE(ev.ok());
  // The band's guide is named by the id /api/guides/{id} takes, not by the
  // path it was imported from.
  const std::string id = "hugging-face-enterprise--engineering-manager";
  EXPECT_EQ(ev->guide_path, id + ".md");  // under the folder imported
  EXPECT_EQ(Body(r)["band"]["guide"], id);
  EXPECT_EQ(Get("/api/guides/" + id).status, 200);
  ev->guide_path = id;
  ExpectCompactJsonOf(r.body, EvaluationJson(*ev, false));
  HttpResponse explained = Post("/api/offers/evaluate?explain=1", body);
  ExpectCompactJsonOf(explained.body, EvaluationJson(*ev, true));
  EXPECT_NE(explained.body, r.body);
  // Each formula names the currency of every amount in it; the value stays a number.
  EXPECT_EQ(Body(explained)["years"][0]["total_expected"],
            Json::parse(R"({"value":227000,"formula":"base EUR 200,000 + bonus EUR 20,000 + )"
                        R"(equity EUR 7,000"})"));
}

TEST_P(ApiTest, ASignOnClawbackIsAnsweredOnEveryRoute) {
  const std::string offer =
      R"({"company":"Hugging Face Enterprise","role":"Engineering Manager","region":"Paris",
    "currency":"EUR","date":"2025-05-09","base":187000,"signing":20000,
    "signing_clawback":{"months":24,"basis":"full"}})";
  // Evaluate: what is at risk, beside totals that count the sign-on in full.
  Json ev = Body(Post("/api/offers/evaluate", offer));
  EXPECT_EQ(ev["signing_clawback"],
            Json::parse(R"({"months":24,"basis":"full","text":"in full until month 24",)"
                        R"("at_risk":20000,"after_months":null,"repayable_after":null,)"
                        R"("most_at_once_after_months":null,"most_at_once":null})"));
  EXPECT_EQ(ev["years"][0]["signing"], 20000);
  // A split sign-on pro rata over 24 months: both payments are never
  // repayable together; the most, after 13 months, is 25,000 × 11 / 24 =
  // 11,458.33 (rounded down) + 15,000 × 23 / 24 = 14,375.
  Json split =
      Body(Post("/api/offers/evaluate", R"({"company":"X","currency":"EUR","base":187000,)"
                                        R"("signing":{"year1":25000,"year2":15000},)"
                                        R"("signing_clawback":{"months":24,"basis":"pro_rata"}})"));
  EXPECT_EQ(split["signing_clawback"]["at_risk"], 40000);
  EXPECT_EQ(split["signing_clawback"]["most_at_once_after_months"], 13);
  EXPECT_EQ(split["signing_clawback"]["most_at_once"], Json::parse("25833.33"));
  // Compare: each offer's evaluation carries it.
  Json cmp = Body(Post("/api/offers/compare",
                       R"({"offers":[)" + offer + R"(,{"currency":"EUR","base":150000}]})"));
  EXPECT_EQ(cmp["offers"][0]["signing_clawback"]["at_risk"], 20000);
  EXPECT_TRUE(cmp["offers"][1]["signing_clawback"].is_null());
  // Counter: asked pro rata over 12 months.
  Json plan = Body(Post("/api/offers/counter", R"({"offer":)" + offer + "}"));
  EXPECT_EQ(plan["ask"]["signing_clawback"]["months"], 12);
  EXPECT_EQ(plan["ask"]["signing_clawback"]["basis"], "pro_rata");
  EXPECT_EQ(plan["offer"]["signing_clawback"]["months"], 24);
  // A bad one is a 422 at its key, with its place in the body.
  Json bad =
      Error(Post("/api/offers/evaluate", R"({"currency":"USD","base":1000,"signing":5,)"
                                         R"("signing_clawback":{"months":12,"basis":"half"}})"),
            422, "invalid_offer", "signing_clawback.basis");
  EXPECT_EQ(bad["error"]["message"],
            "signing_clawback.basis 'half' must be full (all of each payment repayable until its "
            "months end) or pro_rata (repayable in proportion to the months left); did you mean "
            "'full'? (body line 1, column 83)");
  Error(Post("/api/offers/compare", R"({"offers":[)" + offer +
                                        R"(,{"currency":"EUR","base":1,"signing_clawback":)"
                                        R"({"months":3,"basis":"full"}}]})"),
        422, "invalid_offer", "offers[1].signing_clawback");
  // An offer's own key at a compare body's top is told where the offer goes.
  Error(Post("/api/offers/compare", R"({"signing_clawback":{}})"), 422, "invalid_offer", "offers");
}

TEST_P(ApiTest, EvaluateWithoutAGuideSaysWhyInTheBody) {
  HttpResponse r = Post("/api/offers/evaluate",
                        R"({"company":"Hugging Face Enterprise","role":"Chief Llama Officer",
                            "region":"Paris","currency":"EUR","base":200000})");
  ASSERT_EQ(r.status, 200) << r.body;
  Json band = Body(r)["band"];
  EXPECT_TRUE(band["guide"].is_null());
  EXPECT_TRUE(band["positions"].empty());
  // The reason is in the body, naming what was looked for and what there is,
  // and still in short in the header.
  ASSERT_TRUE(band["note"].is_string()) << r.body;
  const std::string note = band["note"];
  EXPECT_EQ(note.rfind("no guide for role 'Chief Llama Officer' at Hugging Face Enterprise", 0), 0u)
      << note;
  EXPECT_NE(note.find("Engineering Manager"), std::string::npos) << note;
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{
                              "X-Levers-Note", "no guide for this company and role"}));
  Json nocompany =
      Body(Post("/api/offers/evaluate", R"({"currency":"USD","base":200000,"region":"Paris"})"));
  EXPECT_EQ(nocompany["band"]["note"], "the offer names no company, so it has no guide");
}

TEST_P(ApiTest, EvaluateErrors) {
  Error(Post("/api/offers/evaluate", "{}", "text/plain"), 415, "unsupported_media_type");
  Error(Post("/api/offers/evaluate", "{}", ""), 415, "unsupported_media_type");
  Error(Post("/api/offers/evaluate", "{}", "application/json; charset=latin1"), 415,
        "unsupported_media_type");
  Error(Post("/api/offers/evaluate", "", "application/json"), 400, "invalid_json");
  Json bad = Error(Post("/api/offers/evaluate", "{\"company\": ", "application/json"), 400,
                   "invalid_json");
  EXPECT_NE(bad["error"]["message"].get<std::string>().find("line 1"), std::string::npos);
  Error(Post("/api/offers/evaluate", std::string(10000, '[') + std::string(10000, ']')), 400,
        "invalid_json");
  Error(Post("/api/offers/evaluate", "[1,2]"), 422, "invalid_offer");
  Error(Post("/api/offers/evaluate", "\"offer\""), 422, "invalid_offer");
  Json nobase = Error(Post("/api/offers/evaluate",
                           R"({"company":"Google","role":"Engineering Manager","currency":"USD"})"),
                      422, "invalid_offer", "base");
  EXPECT_NE(nobase["error"]["message"].get<std::string>().find("base"), std::string::npos);
  Error(Post("/api/offers/evaluate",
             R"({"company":"Google","role":"EM","currency":"USD","base":"lots"})"),
        422, "invalid_offer", "base");
  Json cents = Error(Post("/api/offers/evaluate", R"({"currency":"USD","base":100000.123})"), 422,
                     "invalid_offer", "base");
  EXPECT_EQ(cents["error"]["message"],
            "base '100000.123': USD amounts have at most 2 decimals (body line 1, column 26)");
  Error(Post("/api/offers/evaluate?explain=yes", "{}"), 400, "invalid_parameter", "explain");
  Json charset = Body(Post("/api/offers/evaluate", "{}", "Application/JSON; charset=UTF-8"));
  EXPECT_EQ(charset["error"]["code"], "invalid_offer");
}

TEST_P(ApiTest, EveryDoorReadsAnOfferFromItsOwnText) {
  const std::string hf =
      R"({"company":"Hugging Face Enterprise","role":"Engineering Manager","region":"Paris",
    "currency":"EUR","date":"2025-05-09","base":187000})";
  // A number past a double: the client's mistake (400), on every route.
  for (const char* route : {"/api/offers/evaluate", "/api/offers/compare", "/api/offers/counter"}) {
    Json j = Error(Post(route, R"({"base": 1e400})"), 400, "invalid_json");
    EXPECT_EQ(j["error"]["message"].get<std::string>().find("json.exception"), std::string::npos);
  }
  // A key given twice is refused where it is, not resolved one way or the other.
  Error(Post("/api/offers/evaluate", R"({"base":1000,"currency":"USD","base":5000})"), 422,
        "invalid_offer", "base");
  Error(Post("/api/offers/compare", R"({"offers":[)" + hf + R"(,{"base":1,"base":2}]})"), 422,
        "invalid_offer", "offers[1].base");
  Error(Post("/api/offers/compare", R"({"offers":[)" + hf + R"(],"offers":[]})"), 422,
        "invalid_offer", "offers");
  Error(Post("/api/offers/counter", R"({"offer":)" + hf + R"(,"offer":)" + hf + "}"), 422,
        "invalid_offer", "offer");
  // Among many keys (the scan keeps a set of them, so a body of 20,000 costs
  // 20,000 look-ups rather than their square), the one given twice is found.
  std::string many = R"({"currency":"USD","base":1)";
  for (int k = 0; k < 20000; ++k) many += ",\"k" + std::to_string(k) + "\":1";
  Error(Post("/api/offers/evaluate", many + R"(,"k7":2})"), 422, "invalid_offer", "k7");
  // NUL characters are refused in offers as everywhere else.
  Error(Post("/api/offers/evaluate", R"({"company":"a\u0000","base":1,"currency":"USD"})"), 422,
        "invalid_offer", "company");
  // The same text gives the same answer through every door: 1e5 is not an amount
  // (docs/offer-format.md), in compare as in evaluate.
  const std::string exp = R"({"company":"X","role":"Y","currency":"USD","base":1e5})";
  Error(Post("/api/offers/evaluate", exp), 422, "invalid_offer", "base");
  Error(Post("/api/offers/compare", R"({"offers":[)" + exp + "]}"), 422, "invalid_offer",
        "offers[0].base");
  // Positions are the body's own lines and columns.
  Json at = Error(Post("/api/offers/compare", "{\"offers\": [\n" + hf +
                                                  ",\n  {\"company\":\"X\",\"role\":\"Y\",\n" +
                                                  "   \"currency\":\"USD\", \"base\": -5}]}"),
                  422, "invalid_offer", "offers[1].base");
  EXPECT_NE(at["error"]["message"].get<std::string>().find("(body line 5, column 30)"),
            std::string::npos)
      << at;
  // A region the guide has no band for: evaluate answers without a band
  // position, as `levers offer evaluate` does, and says why; a counter plan
  // needs the band, so counter refuses it at the region field.
  const std::string tokyo = R"({"company":"Hugging Face Enterprise","role":"Engineering Manager",
    "region":"Tokyo","currency":"EUR","date":"2025-05-09","base":187000})";
  const HttpResponse ev = Post("/api/offers/evaluate", tokyo);
  ASSERT_EQ(ev.status, 200) << ev.body;
  auto guide = FindGuide(corpus_->guides(), "Hugging Face Enterprise", "Engineering Manager");
  ASSERT_TRUE(guide.ok());
  const Result<CompBand> no_band = FindBand(**guide, "Tokyo");
  ASSERT_FALSE(no_band.ok());
  EXPECT_EQ(Body(ev)["band"]["note"], no_band.status().message());
  EXPECT_EQ(Body(ev)["band"]["guide"], "hugging-face-enterprise--engineering-manager");
  EXPECT_TRUE(Body(ev)["band"]["positions"].empty());
  EXPECT_EQ(Body(ev)["first_year_total"], 187000);
  Json where = Error(Post("/api/offers/counter", R"({"offer":)" + tokyo + "}"), 422,
                     "invalid_offer", "offer.region");
  EXPECT_EQ(where["error"]["message"], no_band.status().message());
}

// An offer without a region is the engine's to place, as in the CLI: evaluate
// answers with band.note; counter, which needs a band, asks for the region
// when the guide has several.
TEST_P(ApiTest, OfferWithoutARegionIsAnsweredAsTheCliAnswersIt) {
  const std::string body = R"({"currency":"USD","base":100000,"company":"Hugging Face Enterprise",)"
                           R"("role":"Engineering Manager"})";
  SourceFile file("body", body);
  DiagnosticSink sink;
  const std::optional<Offer> offer = ReadOffer(file, sink);
  ASSERT_TRUE(offer.has_value());
  auto guide = FindGuide(corpus_->guides(), offer->company, offer->role);
  ASSERT_TRUE(guide.ok());

  HttpResponse r = Post("/api/offers/evaluate", body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["band"]["note"],
            "the offer names no region; the Engineering Manager guide's regions: San Francisco, "
            "New York, Paris");
  EXPECT_TRUE(Body(r)["band"]["positions"].empty());
  auto ev = Evaluate(*offer, *guide, Served());
  ASSERT_TRUE(ev.ok());
  ev->guide_path = corpus_->IdOfPath(ev->guide_path);
  ExpectCompactJsonOf(r.body, EvaluationJson(*ev, false));

  Json plan = Error(Post("/api/offers/counter", R"({"offer":)" + body + "}"), 422, "invalid_offer",
                    "offer.region");
  EXPECT_EQ(plan["error"]["message"],
            "the offer names no region; the Engineering Manager guide's regions: San Francisco, "
            "New York, Paris");
  EXPECT_EQ(Counter(*offer, **guide, {}, Served()).status().message(),
            plan["error"]["message"].get<std::string>());
}

// A conversion the rates cannot make is an error at the offer's date (or its
// currency when it has none), naming the offer.
TEST_P(ApiTest, ConversionFailuresNameTheOffersField) {
  const std::string sf =
      R"({"company":"Hugging Face Enterprise","role":"Engineering Manager",)"
      R"("region":"San Francisco","currency":"USD","date":"2025-05-09","base":240000})";
  const std::string late = R"({"currency":"EUR","base":5,"date":"2025-06-01"})";
  const std::string why =
      "date 2025-06-01: cannot convert EUR to USD: no ECB rate for USD on 2025-06-01: the table "
      "ends 2025-05-09, 23 days earlier (the limit is 7 days)";
  Json e = Error(Post("/api/offers/counter", R"({"offer":)" + sf + R"(,"others":[)" + late + "]}"),
                 422, "invalid_offer", "others[0].date");
  EXPECT_EQ(e["error"]["message"], "others[0]: " + why);
  e = Error(Post("/api/offers/compare", R"({"offers":[)" + sf + "," + late + "]}"), 422,
            "invalid_offer", "offers[1].date");
  EXPECT_EQ(e["error"]["message"], "offers[1]: " + why);
  // The offer itself, converted into its band's currency (USD for San
  // Francisco); without a region counter asks for one first.
  const std::string paris_late =
      R"({"company":"Hugging Face Enterprise","role":"Engineering Manager",)"
      R"("region":"San Francisco","currency":"EUR","date":"2025-06-01","base":200000})";
  e = Error(Post("/api/offers/evaluate", paris_late), 422, "invalid_offer", "date");
  EXPECT_EQ(e["error"]["message"], "body: " + why);
  e = Error(Post("/api/offers/counter", R"({"offer":)" + paris_late + "}"), 422, "invalid_offer",
            "offer.date");
  EXPECT_EQ(e["error"]["message"], "offer: " + why);
  const std::string no_region =
      R"({"company":"Hugging Face Enterprise","role":"Engineering Manager",)"
      R"("currency":"EUR","date":"2025-06-01","base":200000})";
  e = Error(Post("/api/offers/counter", R"({"offer":)" + no_region + "}"), 422, "invalid_offer",
            "offer.region");
  EXPECT_EQ(e["error"]["message"],
            "the offer names no region; the Engineering Manager guide's regions: San Francisco, "
            "New York, Paris");
  // Without a region evaluate places the offer in no band, so converts nothing.
  EXPECT_EQ(Post("/api/offers/evaluate", no_region).status, 200);
}

// One rule for currency codes: any case, kept in upper case.
TEST_P(ApiTest, CurrencyCodesInAnyCase) {
  const std::string sf =
      R"({"company":"Hugging Face Enterprise","role":"Engineering Manager",)"
      R"("region":"San Francisco","currency":"usd","date":"2025-05-09","base":240000})";
  HttpResponse r = Post("/api/offers/evaluate", sf);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["currency"], "USD");
  r = Post("/api/offers/compare", R"({"offers":[)" + sf + R"(],"currency":"eur"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["currency"], "EUR");
  Json e = Error(Post("/api/offers/compare", R"({"offers":[)" + sf + R"(],"currency":"xyz"})"), 422,
                 "invalid_offer", "currency");
  EXPECT_EQ(e["error"]["message"],
            "currency must be an ISO 4217 code levers knows, such as USD (any case)");
}

// The offer itself given again as a competing offer is no alternative: a 422
// at that competing offer, as the CLI refuses it.
TEST_P(ApiTest, TheOfferGivenAgainIsRefusedAtThatOther) {
  const std::string hf =
      R"({"label":"HF EM","company":"Hugging Face Enterprise","role":"Engineering Manager",
    "region":"New York","currency":"USD","date":"2025-05-09","base":230000})";
  const std::string google =
      R"({"label":"Google","company":"Google","role":"Engineering Manager","currency":"USD",
    "date":"2025-05-09","base":250000})";
  Json e = Error(Post("/api/offers/counter",
                      R"({"offer":)" + hf + R"(,"others":[)" + google + "," + hf + "]}"),
                 422, "invalid_offer", "others[1]");
  EXPECT_EQ(e["error"]["message"],
            "the other offer HF EM is from Hugging Face Enterprise for Engineering Manager in New "
            "York, as the offer is: an alternative is an offer from another company, for another "
            "role or in another place");
  EXPECT_EQ(
      Post("/api/offers/counter", R"({"offer":)" + hf + R"(,"others":[)" + google + "]}").status,
      200);
}

TEST_P(ApiTest, CompareAndCounter) {
  const std::string hf =
      R"({"label":"HF EM","company":"Hugging Face Enterprise","role":"Engineering Manager",
    "region":"Paris","currency":"EUR","date":"2025-05-09","base":187000})";
  const std::string google =
      R"({"label":"Google L6","company":"Google","role":"Engineering Manager",
    "region":"San Francisco","currency":"USD","date":"2025-05-09","base":268000,"bonus":"15%"})";
  HttpResponse cmp =
      Post("/api/offers/compare", "{\"offers\":[" + hf + "," + google + "],\"currency\":\"USD\"}");
  ASSERT_EQ(cmp.status, 200) << cmp.body;
  std::vector<Offer> offers;
  for (const std::string* text : {&hf, &google}) {
    SourceFile f("x", *text);
    DiagnosticSink s;
    offers.push_back(*ReadOffer(f, s));
  }
  // Each offer is placed in its own guide's band, as evaluate places it: HF's
  // EUR base in the Paris band of its guide (named by id), with no conversion.
  auto c = Compare(offers, "USD", RankBy::kFourYearAverage, Served(), &corpus_->guides());
  ASSERT_TRUE(c.ok());
  for (Evaluation& ev : c->offers) ev.guide_path = corpus_->IdOfPath(ev.guide_path);
  EXPECT_EQ(cmp.body, ComparisonJson(*c, false, JsonLayout::kCompact));
  ExpectCompactJsonOf(cmp.body, ComparisonJson(*c, false));
  const Json hf_band = Body(cmp)["offers"][0]["band"];
  EXPECT_EQ(hf_band["guide"], "hugging-face-enterprise--engineering-manager");
  EXPECT_EQ(hf_band["region"], "Paris");
  EXPECT_EQ(hf_band["currency"], "EUR");
  ASSERT_FALSE(hf_band["positions"].empty());
  auto hf_guide = FindGuide(corpus_->guides(), offers[0].company, offers[0].role);
  ASSERT_TRUE(hf_guide.ok());
  auto hf_alone = Evaluate(offers[0], *hf_guide, Served());
  ASSERT_TRUE(hf_alone.ok());
  ASSERT_EQ(hf_band["positions"].size(), hf_alone->positions.size());
  EXPECT_EQ(hf_band["positions"][0]["percentile"], hf_alone->positions[0].percentile);
  // A region the offer's guide has no band for: compared without a position,
  // band.note saying why, as `levers offer compare` does.
  std::string atlantis = hf;
  atlantis.replace(atlantis.find("Paris"), 5, "Atlantis");
  const HttpResponse lost =
      Post("/api/offers/compare", "{\"offers\":[" + google + "," + atlantis + "]}");
  ASSERT_EQ(lost.status, 200) << lost.body;
  Offer hf_atlantis = offers[0];
  hf_atlantis.region = "Atlantis";
  auto lost_cmp =
      Compare({offers[1], hf_atlantis}, "", RankBy::kFourYearAverage, Served(), &corpus_->guides());
  ASSERT_TRUE(lost_cmp.ok());
  for (Evaluation& ev : lost_cmp->offers) ev.guide_path = corpus_->IdOfPath(ev.guide_path);
  EXPECT_EQ(lost.body, ComparisonJson(*lost_cmp, false, JsonLayout::kCompact));
  const Json lost_band = Body(lost)["offers"][1]["band"];
  EXPECT_TRUE(lost_band["positions"].empty());
  EXPECT_EQ(lost_band["note"], FindBand(**hf_guide, "Atlantis").status().message());

  Error(Post("/api/offers/compare", "{\"offers\":[]}"), 422, "invalid_offer", "offers");
  Error(Post("/api/offers/compare", "{\"offers\":[1]}"), 422, "invalid_offer", "offers[0]");
  Error(Post("/api/offers/compare", "{\"offers\":[" + hf + ",{\"company\":\"x\"}]}"), 422,
        "invalid_offer", "offers[1].currency");
  Error(Post("/api/offers/compare", "{\"offers\":[" + hf + "],\"rank\":\"best\"}"), 422,
        "invalid_offer", "rank");
  Error(Post("/api/offers/compare", "{\"offers\":[" + hf + "],\"currency\":\"DOLLARS\"}"), 422,
        "invalid_offer", "currency");
  Error(Post("/api/offers/compare", "{\"offers\":[" + hf + "],\"curency\":\"USD\"}"), 422,
        "invalid_offer", "curency");
  // An unknown key is named with the keys the body takes, quoted as offer
  // messages quote a key.
  Json misspelt = Error(Post("/api/offers/counter", "{\"offer\":" + hf + ",\"other\":[]}"), 422,
                        "invalid_offer", "other");
  EXPECT_EQ(misspelt["error"]["message"],
            R"(unknown key 'other': the body is {"offer": {...}, "others": [{...}, ...]} )"
            R"((keys 'offer', 'others'))");
  // An offer posted where the route takes offers under a key is told where it
  // goes, at that key.
  Json bare = Error(Post("/api/offers/counter", hf), 422, "invalid_offer", "offer");
  EXPECT_EQ(bare["error"]["message"],
            R"(the body is an offer ('base' is an offer's key), but this route takes )"
            R"({"offer": {...}, "others": [{...}, ...]}: put the offer under 'offer')");
  Json bare_compare = Error(Post("/api/offers/compare", hf), 422, "invalid_offer", "offers");
  EXPECT_NE(bare_compare["error"]["message"].get<std::string>().find(
                R"(this route takes {"offers": [{...}, ...], "currency": "USD", )"
                R"("rank": "four-year"}: put the offer under 'offers')"),
            std::string::npos)
      << bare_compare;
  std::string many = "{\"offers\":[";
  for (int i = 0; i < 21; ++i) many += (i ? "," : "") + hf;
  Error(Post("/api/offers/compare", many + "]}"), 422, "invalid_offer", "offers");

  HttpResponse counter =
      Post("/api/offers/counter", "{\"offer\":" + hf + ",\"others\":[" + google + "]}");
  ASSERT_EQ(counter.status, 200) << counter.body;
  auto guide = FindGuide(corpus_->guides(), offers[0].company, offers[0].role);
  ASSERT_TRUE(guide.ok());
  auto plan = Counter(offers[0], **guide, {offers[1]}, Served());
  ASSERT_TRUE(plan.ok());
  // The offer's band names its guide by id, as evaluate does.
  EXPECT_EQ(Body(counter)["offer"]["band"]["guide"],
            "hugging-face-enterprise--engineering-manager");
  plan->offer.guide_path = "hugging-face-enterprise--engineering-manager";
  ExpectCompactJsonOf(counter.body, CounterPlanJson(*plan, false));
  ExpectCompactJsonOf(
      Post("/api/offers/counter?explain=1", "{\"offer\":" + hf + ",\"others\":[" + google + "]}")
          .body,
      CounterPlanJson(*plan, true));
  Error(Post("/api/offers/counter", "{\"others\":[]}"), 422, "invalid_offer", "offer");
  Error(Post("/api/offers/counter", "{\"offer\":" + google + "}"), 422, "no_matching_guide",
        "offer.company");
}

TEST_P(ApiTest, MethodsAreCheckedPerRoute) {
  HttpResponse r = Get("/api/guides", "POST");
  Error(r, 405, "method_not_allowed");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Allow", "GET, HEAD, OPTIONS"}));
  for (const char* m : {"PUT", "DELETE", "PATCH", "PROPFIND", "TRACE", "CONNECT", "get"}) {
    Error(Get("/api/guides/tallowmere-payments--security-engineer", m), 405, "method_not_allowed");
  }
  HttpResponse g = Get("/api/offers/evaluate");
  Error(g, 405, "method_not_allowed");
  EXPECT_EQ(g.headers[0].second, "POST, OPTIONS");
  HttpResponse o = Get("/api/offers/evaluate", "OPTIONS");
  EXPECT_EQ(o.status, 204);
  EXPECT_EQ(o.body, "");
  EXPECT_EQ(o.headers[0].second, "POST, OPTIONS");
}

TEST_P(ApiTest, PagesGoToTheFallbackOnceSet) {
  Error(Get("/"), 404, "not_found");
  Error(Get("/guides/x"), 404, "not_found");
  ApiHandler h(corpus_);
  h.SetFallback([](const HttpRequest& r) {
    HttpResponse p;
    p.content_type = "text/html; charset=utf-8";
    p.body = "<p>" + r.target + "</p>";
    return p;
  });
  HttpRequest r;
  r.method = "GET";
  r.target = "/guides/x?y=1";
  EXPECT_EQ(h.Handle(r).body, "<p>/guides/x?y=1</p>");
  r.method = "POST";
  Error(h.Handle(r), 405, "method_not_allowed");
  // /api stays with the API.
  r.method = "GET";
  r.target = "/api/nope";
  Error(h.Handle(r), 404, "not_found");
}

// A 500 gives the client an error id and nothing of the failure's text (it
// may name a file, SQL or a library's wording); the log has both.
TEST_P(ApiTest, FallbackExceptionsBecome500WithAnIdAndTheTextOnlyInTheLog) {
  std::vector<std::string> lines;
  ApiOptions o;
  o.log = [&](const std::string& line) { lines.push_back(line); };
  ApiHandler h(corpus_, o);
  const std::string what = "/home/levers/data/store.db: SQL logic error near \"SELEC\"";
  h.SetFallback([&](const HttpRequest&) -> HttpResponse { throw std::runtime_error(what); });
  HttpRequest r;
  r.method = "GET";
  r.target = "/guides/x?base=250000";
  HttpResponse a = h.Handle(r);
  Json j = Json::parse(a.body);
  EXPECT_EQ(a.status, 500);
  EXPECT_EQ(j["error"]["code"], "internal");
  const std::string id = j["error"]["id"];
  EXPECT_EQ(id.size(), 12u);
  EXPECT_NE(j["error"]["message"].get<std::string>().find("error id " + id), std::string::npos);
  for (std::string_view leak : {"/home", "store.db", "SQL", "SELEC"})
    EXPECT_EQ(a.body.find(leak), std::string::npos) << leak << " in " << a.body;
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "levers: internal error " + id + " answering GET /guides/x: " + what);
  // Not a std::exception: the same answer, the log says what it was.
  h.SetFallback([](const HttpRequest&) -> HttpResponse { throw 42; });
  j = Error(h.Handle(r), 500, "internal");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "levers: internal error " + j["error"]["id"].get<std::string>() +
                          " answering GET /guides/x: an exception that is not a std::exception");
}

// A store error no route can name (not InvalidArgument nor NotFound) is a
// failure of levers' own: thrown, for ApiHandler::Handle to log and answer;
// the client's errors keep their own messages.
TEST(ApiStatusAnswer, OnlyTheClientsErrorsAreAnsweredWithTheirText) {
  EXPECT_THROW(api::StatusAnswer(Status::IOError("sqlite:/srv/x.db: disk I/O error")),
               api::InternalFailure);
  EXPECT_THROW(api::StatusAnswer(Status::Corruption("guide_rows: bad row")), api::InternalFailure);
  HttpResponse bad = api::StatusAnswer(Status::InvalidArgument("limit must be 1..200"), "limit");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(
      bad.body,
      R"({"error":{"code":"invalid_parameter","message":"limit must be 1..200","field":"limit"}})"
      "\n");
  HttpResponse missing = api::StatusAnswer(Status::NotFound("no guide with id \"x\""));
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("no guide with id"), std::string::npos);
}

// The offer engine's refusals are the offer's (422, in its words); any other
// error of the engine (a rate table that would not load) is levers' own.
TEST(ApiEngineError, OnlyARefusalOfTheOfferIsAnsweredWithItsText) {
  HttpResponse refused = api::EngineError(Status::InvalidArgument("base must be positive"), "base");
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.body,
            R"({"error":{"code":"invalid_offer","message":"base must be positive","field":"base"}})"
            "\n");
  EXPECT_EQ(api::EngineError(Status::NotFound("no region Mars"), "region").status, 422);
  EXPECT_THROW(
      api::EngineError(Status::Corruption("/opt/levers/eurofxref-hist.csv:3: bad row"), "currency"),
      api::InternalFailure);
  EXPECT_THROW(api::EngineError(Status::IOError("x.csv: cannot read"), ""), api::InternalFailure);
}

TEST_P(ApiTest, ThePagesShareTheCorpusLevelGraph) {
  // One level graph per generation: the web app's level-map links are found
  // in the graph the corpus built for /api/levels, not in one built again.
  std::shared_ptr<const ServedSite> site = ServedSite::Build(corpus_);
  EXPECT_EQ(&site->pages().levels(), &corpus_->levels());
  HttpRequest r;
  r.method = "GET";
  r.target = "/guides/hugging-face-enterprise--software-engineer";
  HttpResponse page = site->Handle(r);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("href=\"/guides/glimmerfen-health--data-scientist\""),
            std::string::npos);
}

TEST_P(ApiTest, MalformedTargetsAre400) {
  Error(Get("*"), 400, "bad_request");
  Error(Get("http://x/api/health"), 400, "bad_request");
  Error(Get("/api/health%"), 400, "bad_request");
}

TEST_P(ApiTest, OpenApiDocumentIsServedAndNamesEveryRoute) {
  HttpResponse r = Get("/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  Json doc = Body(r);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> paths;
  for (const auto& [p, v] : doc["paths"].items()) paths.insert(p);
  EXPECT_EQ(paths,
            (std::set<std::string>{"/api/health", "/api/guides", "/api/guides/{id}",
                                   "/api/guides/{id}/findings", "/api/bands", "/api/levels",
                                   "/api/findings", "/api/offers/evaluate", "/api/offers/compare",
                                   "/api/offers/counter", "/api/openapi.json"}));
  EXPECT_EQ(r.body, ReadFile(std::string(LEVERS_SOURCE_DIR) + "/docs/openapi.json"));
}

INSTANTIATE_TEST_SUITE_P(AllStores, ApiTest, ::testing::Values("memory", "sqlite", "postgresql"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace levers
