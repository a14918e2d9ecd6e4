# Sourced by the libFuzzer build scripts: `build_c_shims <work dir> <repo root> <shim>...` writes a module map
# for each C shim (as SwiftPM would generate it) and compiles its sources with the fuzzer's instrumentation.
# Sets `objects` (the object files to link) and `shim_flags` (the swiftc flags that find the module maps).
build_c_shims() {
    local work=$1 root=$2 shim header source object
    shift 2
    objects=()
    shim_flags=()
    for shim in "$@"; do
        mkdir -p "$work/modules/$shim" "$work/build"
        header=$(ls "$root/Shared/$shim/include/"*.h | head -n 1)
        printf 'module %s {\n  header "%s"\n  export *\n}\n' "$shim" "$header" > "$work/modules/$shim/module.modulemap"
        for source in "$root/Shared/$shim/"*.c; do
            object="$work/build/$shim-$(basename "$source" .c).o"
            clang -c -O1 -g -fsanitize=fuzzer-no-link,address -I "$root/Shared/$shim/include" "$source" -o "$object"
            objects+=("$object")
        done
        shim_flags+=(-Xcc "-fmodule-map-file=$work/modules/$shim/module.modulemap")
    done
}
