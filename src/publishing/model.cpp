#include "publishing/model.hpp"

namespace belfry::publishing {

bool IsContentType(std::string_view type) {
    for (auto t : kContentTypes) {
        if (t == type) return true;
    }
    return false;
}

}  // namespace belfry::publishing
