// Replay main for fuzz targets built without libFuzzer (simdjson's and fmt's
// FUZZ_LINKMAIN): runs LLVMFuzzerTestOneInput once over every file named on the
// command line, and every regular file under every folder named (recursively,
// in sorted order). A failing input aborts inside the target; the name of the
// input being run is printed first so the failure can be traced.
//
// Exit status: 0 when every input ran, 1 when an argument or file could not be
// read or there were no inputs (a missing corpus must not pass silently), 2 on
// usage errors.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

bool ReadAll(const fs::path& path, std::string& out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  out.clear();
  char buf[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  const bool ok = std::ferror(f) == 0;
  std::fclose(f);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
    return 2;
  }
  std::vector<fs::path> inputs;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      for (fs::recursive_directory_iterator it(arg, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file()) inputs.push_back(it->path());
      }
      if (ec) {
        std::fprintf(stderr, "%s: cannot list: %s\n", argv[i], ec.message().c_str());
        ok = false;
      }
    } else if (fs::is_regular_file(arg, ec)) {
      inputs.push_back(arg);
    } else {
      std::fprintf(stderr, "%s: no such file or folder\n", argv[i]);
      ok = false;
    }
  }
  std::sort(inputs.begin(), inputs.end());
  size_t ran = 0;
  std::string bytes;
  for (const fs::path& p : inputs) {
    if (!ReadAll(p, bytes)) {
      std::fprintf(stderr, "%s: cannot read\n", p.string().c_str());
      ok = false;
      continue;
    }
    std::fprintf(stderr, "running %s (%zu bytes)\n", p.string().c_str(), bytes.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ++ran;
  }
  std::printf("ran %zu inputs\n", ran);
  if (ran == 0) std::fprintf(stderr, "no inputs found\n");
  return ok && ran > 0 ? 0 : 1;
}
