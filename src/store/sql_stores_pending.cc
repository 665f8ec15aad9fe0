// The SQL backends land in the next change; until then their URLs are refused.
#include "store/store_internal.h"

namespace levers::store_internal {

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string&) {
  return Status(StatusCode::kUnimplemented, "sqlite: stores are not built into this levers yet");
}
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string&) {
  return Status(StatusCode::kUnimplemented,
                "postgresql: stores are not built into this levers yet");
}

}  // namespace levers::store_internal
