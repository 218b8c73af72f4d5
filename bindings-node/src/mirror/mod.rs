//! Binding-side mirrors of the records of the follow-up, reveal, trigger
//! and pipeline modules: one type per core record or enum, which is BOTH
//! what the runtime reads JS input into and writes results from (serde,
//! camelCase keys, the core's tags) AND what napi-derive declares in
//! `index.d.ts` (`#[napi(object, object_to_js = false, object_from_js =
//! false)]`, string enums, structured enums). So the TypeScript types and
//! the runtime shapes cannot drift apart.
//!
//! Each mirror converts to and from its core type with exhaustive
//! destructuring ([`mirror_struct!`], or by hand): a field added to a core
//! type fails to compile here until the mirror has it. napi's derived
//! `FromNapiValue` is never used for these types: values are read as JSON
//! (`convert::json`, which never hands a non-string to napi's `String`
//! conversion) and then by serde.

pub mod followup;
pub mod pipeline;
pub mod reveal;
pub mod trigger;

/// A conversion between a mirror and its core type (either way), or
/// between containers of them.
pub trait Conv<T> {
    /// The value as `T`.
    fn conv(self) -> T;
}

impl<A: Conv<B>, B> Conv<Vec<B>> for Vec<A> {
    fn conv(self) -> Vec<B> {
        self.into_iter().map(Conv::conv).collect()
    }
}

impl<A: Conv<B>, B> Conv<Option<B>> for Option<A> {
    fn conv(self) -> Option<B> {
        self.map(Conv::conv)
    }
}

impl<K: Ord, A: Conv<B>, B> Conv<std::collections::BTreeMap<K, B>> for std::collections::BTreeMap<K, A> {
    fn conv(self) -> std::collections::BTreeMap<K, B> {
        self.into_iter().map(|(k, v)| (k, v.conv())).collect()
    }
}

/// Leaf types shared by a mirror and its core type: converted as they are.
macro_rules! same {
    ($($t:ty),* $(,)?) => {
        $(impl Conv<$t> for $t {
            fn conv(self) -> $t {
                self
            }
        })*
    };
}

pub(crate) use same;

same!(String, bool, u8, u16, u32, u64, usize, i32, i64, f64, serde_json::Value);
same!(chrono::DateTime<chrono::Utc>, chrono::NaiveDate, chrono_tz::Tz);

/// A field the core fills with its default when absent (`#[serde(default)]`):
/// optional in the mirror (and in TypeScript).
pub fn or_default<A: Conv<B>, B: Default>(x: Option<A>) -> B {
    x.map(Conv::conv).unwrap_or_default()
}

/// A defaulted field the core leaves out of its JSON when it has its
/// default value (`skip_serializing_if`): `None` then.
pub fn unless_default<A: Conv<B> + Default + PartialEq, B>(x: A) -> Option<B> {
    if x == A::default() { None } else { Some(x.conv()) }
}

/// A defaulted field the core always writes.
pub fn always<A: Conv<B>, B>(x: A) -> Option<B> {
    Some(x.conv())
}

/// `Conv` both ways between a mirror struct and its core struct, with
/// exhaustive destructuring. A field is converted as it is, or marked
/// `opt` (optional in the mirror, the core's default when absent, always
/// written) or `skip` (as `opt`, but left out when it has the default).
macro_rules! mirror_struct {
    ($m:ident <=> $($core:ident)::+ { $($f:ident $(: $how:ident)?),* $(,)? }) => {
        impl $crate::mirror::Conv<$($core)::+> for $m {
            fn conv(self) -> $($core)::+ {
                let $m { $($f),* } = self;
                $($core)::+ { $($f: $crate::mirror::mirror_struct!(@in $f $($how)?)),* }
            }
        }
        impl $crate::mirror::Conv<$m> for $($core)::+ {
            fn conv(self) -> $m {
                let $($core)::+ { $($f),* } = self;
                $m { $($f: $crate::mirror::mirror_struct!(@out $f $($how)?)),* }
            }
        }
    };
    (@in $f:ident) => { $crate::mirror::Conv::conv($f) };
    (@in $f:ident opt) => { $crate::mirror::or_default($f) };
    (@in $f:ident skip) => { $crate::mirror::or_default($f) };
    (@out $f:ident) => { $crate::mirror::Conv::conv($f) };
    (@out $f:ident opt) => { $crate::mirror::always($f) };
    (@out $f:ident skip) => { $crate::mirror::unless_default($f) };
}
pub(crate) use mirror_struct;

/// `Conv` both ways between a mirror enum of unit variants (a
/// string-literal union) and the core's enum, with exhaustive matches.
macro_rules! mirror_unit_enum {
    ($m:ident <=> $core:path { $($v:ident),* $(,)? }) => {
        impl $crate::mirror::Conv<$core> for $m {
            fn conv(self) -> $core {
                match self { $($m::$v => <$core>::$v),* }
            }
        }
        impl $crate::mirror::Conv<$m> for $core {
            fn conv(self) -> $m {
                match self { $(Self::$v => $m::$v),* }
            }
        }
    };
}
pub(crate) use mirror_unit_enum;
