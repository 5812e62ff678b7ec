#pragma once

#include <QString>

#include <utility>
#include <vector>

namespace npy {

/**
 * A Python literal value from an NPY header: the strict subset the header needs.
 *
 * Accepted: dicts, lists, tuples, str with Python escapes (single or double quotes), decimal ints
 * with an optional sign (and an optional Python-2 `L` suffix when allowed), True, False, None.
 * Whitespace between tokens is free. Everything else (expressions, names, hex or underscore ints,
 * bytes literals, implicit string concatenation, comments, NUL) is refused: nothing is evaluated.
 */
struct PyValue
{
    enum class Type { None, Bool, Int, Str, Tuple, List, Dict };
    Type type = Type::None;
    bool boolean = false;
    qint64 integer = 0;
    QString string;
    /** Items of a tuple or list. */
    std::vector<PyValue> items;
    /** Entries of a dict, in text order; duplicate keys are kept (the parser reports them). */
    std::vector<std::pair<PyValue, PyValue>> entries;

    [[nodiscard]] bool isSequence() const { return type == Type::Tuple || type == Type::List; }
    /** The Python type name used in messages: "dict", "tuple", "int", ... */
    [[nodiscard]] QString typeName() const;
};

struct PyParseOptions
{
    /** Deepest nesting of containers accepted. */
    int maxDepth = 64;
    /** Accept `2L` (written by Python 2 era NumPy in v1/v2 headers). */
    bool allowLongSuffix = false;
};

/**
 * Parses \a text as one literal followed only by whitespace.
 * Returns false and sets \a error (with the character offset) on any deviation.
 */
[[nodiscard]] bool parsePyLiteral(const QString &text, PyValue *out, QString *error,
                                  const PyParseOptions &options = {});

} // namespace npy
