module.exports = { unit: (id) => 'unit-' + id };
