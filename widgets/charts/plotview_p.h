#pragma once

// The plot's margins, shared by its logic (plotview.cpp) and its painting (plotpaint.cpp).

namespace npyw::plot {

constexpr int kMarginLeft = 64;
constexpr int kMarginRight = 12;
constexpr int kMarginTop = 22;
constexpr int kMarginBottom = 26;

} // namespace npyw::plot
