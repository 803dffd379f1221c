#pragma once

#include <vector>

#include "snapshot/payload/contents.hpp"

namespace tdm {

// The views of `objects` in an order a script can create them in: every view after the views
// its definition names. A restore session can retry a view whose dependency is missing; an
// SQL file cannot, so the order is worked out up front. A view "names" another when the other's
// backtick-quoted name appears in its definition (an over-estimate at worst, e.g. a column
// spelled like a view); views caught in such a cycle keep their captured order.
std::vector<const StoredObject*> views_in_dependency_order(
    const std::vector<StoredObject>& objects);

}  // namespace tdm
