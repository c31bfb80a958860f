package jsonline

// Kind is the JSON type of a value.
type Kind uint8

// The JSON types.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// Value is a decoded JSON value with the line it starts on.
type Value struct {
	Kind Kind
	// Line is the 1-based line the value starts on.
	Line int
	// Text is the value of a string, or the literal of a number ("1e3")
	// or boolean ("true"); "" for null, arrays and objects.
	Text string
	// Members are an object's members in file order, duplicates included.
	Members []Member
	// Elems are an array's elements.
	Elems []*Value
}

// Member is one "key": value pair of an object.
type Member struct {
	Key string
	// Line is the line of the key.
	Line  int
	Value *Value
}

// Get returns the value of the last member named key (the one JSON.parse and
// encoding/json keep), or nil. It is nil-safe and gives nil for non-objects.
func (v *Value) Get(key string) *Value {
	if m := v.Member(key); m != nil {
		return m.Value
	}
	return nil
}

// Member returns the last member named key, or nil.
func (v *Value) Member(key string) *Member {
	if v == nil {
		return nil
	}
	for i := len(v.Members) - 1; i >= 0; i-- {
		if v.Members[i].Key == key {
			return &v.Members[i]
		}
	}
	return nil
}

// Is reports whether v is present and of kind k.
func (v *Value) Is(k Kind) bool { return v != nil && v.Kind == k }

// Str returns the value of a string, or "" for anything else (nil included).
func (v *Value) Str() string {
	if v.Is(String) {
		return v.Text
	}
	return ""
}

// IsTrue reports whether v is the literal true.
func (v *Value) IsTrue() bool { return v.Is(Bool) && v.Text == "true" }
