// Nothing of its own: a layer's static library is linked whole into a shared object around this file,
// with --no-undefined, to prove that the layer needs nothing but the layers it declares
// (app/CMakeLists.txt, reelwatch_add_layer).
namespace {
[[maybe_unused]] constexpr int kLayerCheck = 0;
} // namespace
