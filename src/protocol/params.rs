//! A protocol's scenario parameters without its type: what a scenario holds in its `params`
//! section once its protocol has read and checked them.

use std::any::Any;
use std::fmt::Debug;
use std::sync::Arc;

/// What the machinery needs of a protocol's parameters: to write them back and to compare them.
pub trait ParamsObj: Any + Debug + Send + Sync {
    /// The parameters as a JSON value (which serializers, pretty ones too, write as they
    /// write the rest of a document).
    fn to_value(&self) -> serde_json::Value;
    fn eq_dyn(&self, other: &dyn ParamsObj) -> bool;
    fn as_any(&self) -> &dyn Any;
}

impl<T: serde::Serialize + PartialEq + Debug + Send + Sync + 'static> ParamsObj for T {
    fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("parameters always serialize")
    }
    fn eq_dyn(&self, other: &dyn ParamsObj) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A protocol's parameters, in its own type.
#[derive(Clone, Debug)]
pub struct Params(Arc<dyn ParamsObj>);

impl Params {
    pub fn new<T: ParamsObj>(value: T) -> Params {
        Params(Arc::new(value))
    }

    /// The parameters as `T`, if they are of that type.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref()
    }

    pub fn to_value(&self) -> serde_json::Value {
        self.0.to_value()
    }
}

impl PartialEq for Params {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_dyn(other.0.as_ref())
    }
}

/// Serde's default for a protection that is on unless a scenario switches it off
/// (`#[serde(default = "crate::protocol::params::yes")]`).
pub(crate) fn yes() -> bool {
    true
}

/// Whether a value is its type's default, so a document need not write it
/// (`skip_serializing_if`).
pub(crate) fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}
