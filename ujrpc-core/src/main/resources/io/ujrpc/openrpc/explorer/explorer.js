// ujrpc explorer: renders an OpenRPC document and calls its methods. No dependencies,
// no inline code: it runs under "default-src 'self'".
(function () {
	'use strict';

	var body = document.body;
	var endpoint = body.getAttribute('data-endpoint');
	var documentUrl = body.getAttribute('data-document');
	var components = {};
	var nextId = 1;

	function el(tag, attributes, children) {
		var node = document.createElement(tag);
		Object.keys(attributes || {}).forEach(function (name) {
			var value = attributes[name];
			if (value === true) {
				node.setAttribute(name, '');
			}
			else if (value !== false && value !== undefined && value !== null) {
				node.setAttribute(name, String(value));
			}
		});
		(children || []).forEach(function (child) {
			if (child !== null && child !== undefined) {
				node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
			}
		});
		return node;
	}

	function refName(schema) {
		var ref = schema && schema.$ref;
		var prefix = '#/components/schemas/';
		return (typeof ref === 'string' && ref.indexOf(prefix) === 0) ? ref.substring(prefix.length) : null;
	}

	function resolve(schema) {
		var seen = 0;
		while (schema && refName(schema) && seen++ < 32) {
			schema = components[refName(schema)] || {};
		}
		if (schema && !schema.type && Array.isArray(schema.allOf) && schema.allOf.length > 0) {
			var merged = {};
			schema.allOf.forEach(function (part) {
				Object.assign(merged, resolve(part));
			});
			Object.keys(schema).forEach(function (key) {
				if (key !== 'allOf') {
					merged[key] = schema[key];
				}
			});
			return merged;
		}
		return schema || {};
	}

	function typeLabel(schema) {
		if (!schema || Object.keys(schema).length === 0) {
			return 'any';
		}
		var name = refName(schema);
		if (name) {
			return name;
		}
		if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
			return typeLabel(schema.allOf[0]);
		}
		if (Array.isArray(schema.enum)) {
			return 'one of ' + schema.enum.map(function (value) {
				return JSON.stringify(value);
			}).join(' | ');
		}
		var type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
		if (type === 'array') {
			return 'array of ' + typeLabel(schema.items);
		}
		if (type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
			return 'map of ' + typeLabel(schema.additionalProperties);
		}
		if (!type) {
			return 'any';
		}
		return schema.format ? type + ' (' + schema.format + ')' : type;
	}

	function constraints(schema) {
		var parts = [];
		var words = {
			minimum: '\u2265 ', maximum: '\u2264 ', exclusiveMinimum: '> ', exclusiveMaximum: '< ',
			minLength: 'length \u2265 ', maxLength: 'length \u2264 ', minItems: 'items \u2265 ',
			maxItems: 'items \u2264 ', minProperties: 'entries \u2265 ', maxProperties: 'entries \u2264 ',
			pattern: 'matches '
		};
		Object.keys(words).forEach(function (key) {
			if (schema && schema[key] !== undefined) {
				parts.push(words[key] + (key === 'pattern' ? '/' + schema[key] + '/' : schema[key]));
			}
		});
		return parts.join(', ');
	}

	function inputFor(method, param) {
		var schema = resolve(param.schema);
		var id = 'p-' + method.name + '-' + param.name;
		var attributes = { id: id, name: param.name, 'data-kind': 'json', autocomplete: 'off' };
		if (Array.isArray(schema.enum)) {
			var options = [el('option', { value: '' }, ['(omit)'])];
			schema.enum.forEach(function (value) {
				options.push(el('option', { value: JSON.stringify(value) }, [String(value)]));
			});
			return el('select', attributes, options);
		}
		if (schema.type === 'boolean') {
			return el('select', attributes, [el('option', { value: '' }, ['(omit)']),
				el('option', { value: 'true' }, ['true']), el('option', { value: 'false' }, ['false'])]);
		}
		if (schema.type === 'integer' || schema.type === 'number') {
			attributes['data-kind'] = 'number';
			attributes.inputmode = (schema.type === 'integer') ? 'numeric' : 'decimal';
			attributes.placeholder = (schema.type === 'integer') ? '42' : '4.2';
			return el('input', Object.assign(attributes, { type: 'text' }));
		}
		if (schema.type === 'string') {
			attributes['data-kind'] = 'string';
			attributes.placeholder = schema.format || 'text';
			return el('input', Object.assign(attributes, { type: 'text' }));
		}
		attributes.rows = 3;
		attributes.placeholder = (schema.type === 'array') ? '[ ]' : (schema.type === 'object' ? '{ }' : 'JSON');
		return el('textarea', attributes);
	}

	// Encodes one form value as JSON text, keeping numbers exactly as typed.
	function encode(input) {
		var raw = input.value;
		var kind = input.getAttribute('data-kind');
		if (raw === '') {
			return null;
		}
		if (kind === 'string') {
			return JSON.stringify(raw);
		}
		if (kind === 'number') {
			if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(raw.trim())) {
				throw new Error(input.name + ': "' + raw + '" is not a number');
			}
			return raw.trim();
		}
		try {
			JSON.parse(raw);
		}
		catch (e) {
			throw new Error(input.name + ': not valid JSON (' + e.message + ')');
		}
		return raw.trim();
	}

	function shellQuote(text) {
		return "'" + text.replace(/'/g, "'\\''") + "'";
	}

	function endpointUrl() {
		return new URL(endpoint, window.location.href).href;
	}

	function pretty(text) {
		try {
			return JSON.stringify(JSON.parse(text), null, 2);
		}
		catch (e) {
			return text;
		}
	}

	function call(method, form, outcome) {
		var response = outcome.querySelector('.response');
		var curl = outcome.querySelector('.curl');
		var problem = form.querySelector('.input-error');
		var members = [];
		problem.textContent = '';
		try {
			Array.prototype.forEach.call(form.querySelectorAll('[data-kind]'), function (input) {
				var value = encode(input);
				if (value !== null) {
					members.push(JSON.stringify(input.name) + ':' + value);
				}
			});
		}
		catch (e) {
			problem.textContent = e.message;
			return;
		}
		var payload = '{"jsonrpc":"2.0","method":' + JSON.stringify(method.name) + ',"params":{'
			+ members.join(',') + '},"id":' + (nextId++) + '}';
		curl.textContent = 'curl -s ' + shellQuote(endpointUrl()) + " -H 'Content-Type: application/json' -d "
			+ shellQuote(payload);
		var button = form.querySelector('button');
		button.disabled = true;
		response.className = 'response';
		response.textContent = 'Calling\u2026';
		outcome.hidden = false;
		fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: payload })
			.then(function (reply) {
				return reply.text().then(function (text) {
					return { status: reply.status, text: text };
				});
			})
			.then(function (reply) {
				var failed = reply.status !== 200 || /"error"\s*:/.test(reply.text);
				response.className = 'response ' + (failed ? 'error' : 'ok');
				response.textContent = (reply.status === 200 ? '' : 'HTTP ' + reply.status + '\n') + pretty(reply.text);
			})
			.catch(function (e) {
				response.className = 'response error';
				response.textContent = 'The call failed: ' + e.message;
			})
			.then(function () {
				button.disabled = false;
			});
	}

	function errorsTable(errors) {
		var rows = errors.map(function (error) {
			return el('tr', {}, [el('td', {}, [el('code', {}, [String(error.code)])]), el('td', {}, [error.message])]);
		});
		return el('table', { class: 'errors' }, [el('thead', {}, [el('tr', {}, [el('th', {}, ['Error code']),
			el('th', {}, ['Message'])])]), el('tbody', {}, rows)]);
	}

	function renderMethod(method) {
		var params = method.params || [];
		var rows = params.map(function (param) {
			var shown = resolve(param.schema);
			return el('tr', {}, [
				el('td', {}, [el('label', { for: 'p-' + method.name + '-' + param.name }, [el('code', {}, [param.name])]),
					param.required ? el('span', { class: 'required' }, ['required']) : null,
					param.description ? el('div', { class: 'param-description' }, [param.description]) : null]),
				el('td', {}, [el('code', {}, [typeLabel(param.schema)]),
					constraints(shown) ? el('div', { class: 'constraints' }, [constraints(shown)]) : null]),
				el('td', { class: 'value' }, [inputFor(method, param)])
			]);
		});
		var table = params.length === 0 ? el('p', { class: 'muted' }, ['No parameters.'])
			: el('table', { class: 'params' }, [el('thead', {}, [el('tr', {}, [el('th', {}, ['Parameter']),
				el('th', {}, ['Type']), el('th', {}, ['Value'])])]), el('tbody', {}, rows)]);
		var form = el('form', { class: 'call', 'data-method': method.name, novalidate: true }, [
			table,
			el('p', {}, ['Returns ', el('code', {}, [typeLabel(method.result && method.result.schema)])]),
			(method.errors && method.errors.length) ? errorsTable(method.errors) : null,
			el('p', {}, [el('button', { type: 'submit' }, ['Call ' + method.name]), ' ',
				el('span', { class: 'input-error', role: 'alert' }, [])])
		]);
		var outcome = el('div', { class: 'outcome', hidden: true }, [
			el('h3', {}, ['Response']), el('pre', { class: 'response', 'aria-live': 'polite' }, []),
			el('h3', {}, ['The same call with curl']), el('pre', { class: 'curl' }, [])
		]);
		form.addEventListener('submit', function (event) {
			event.preventDefault();
			call(method, form, outcome);
		});
		var schemas = { params: params.map(function (param) {
			return { name: param.name, required: !!param.required, schema: param.schema };
		}), result: method.result ? method.result.schema : undefined };
		return el('section', { class: 'method', id: 'm-' + method.name, 'data-method': method.name }, [
			el('h2', {}, [method.name, method.deprecated ? el('span', { class: 'badge deprecated' }, ['deprecated']) : null]),
			method.summary ? el('p', { class: 'summary' }, [method.summary]) : null,
			method.description ? el('p', { class: 'description muted' }, [method.description]) : null,
			form,
			outcome,
			el('details', {}, [el('summary', {}, ['JSON Schemas']), el('pre', {}, [JSON.stringify(schemas, null, 2)])])
		]);
	}

	function renderComponents() {
		var names = Object.keys(components).sort();
		if (names.length === 0) {
			return null;
		}
		return el('section', { class: 'method', id: 'components' }, [el('h2', {}, ['Types'])].concat(names.map(function (name) {
			return el('details', { id: 'c-' + name }, [el('summary', {}, [el('code', {}, [name])]),
				el('pre', {}, [JSON.stringify(components[name], null, 2)])]);
		})));
	}

	function render(doc) {
		var info = doc.info || {};
		components = (doc.components && doc.components.schemas) || {};
		document.title = (info.title || 'JSON-RPC') + ' \u2013 explorer';
		document.getElementById('title').textContent = info.title || 'JSON-RPC explorer';
		document.getElementById('info').textContent = 'Version ' + (info.version || '?')
			+ (info.description ? ' \u00b7 ' + info.description : '');
		document.getElementById('endpoint').textContent = endpointUrl();
		var main = document.getElementById('methods');
		var toc = document.getElementById('toc');
		main.textContent = '';
		(doc.methods || []).forEach(function (method) {
			main.appendChild(renderMethod(method));
			toc.appendChild(el('li', { 'data-method': method.name }, [el('a', { href: '#m-' + method.name }, [method.name])]));
		});
		var types = renderComponents();
		if (types) {
			main.appendChild(types);
		}
		if (!doc.methods || doc.methods.length === 0) {
			main.appendChild(el('p', { class: 'muted' }, ['This service has no methods.']));
		}
		document.getElementById('filter').addEventListener('input', function (event) {
			var text = event.target.value.toLowerCase();
			Array.prototype.forEach.call(document.querySelectorAll('[data-method]'), function (node) {
				if (node.tagName === 'SECTION' || node.tagName === 'LI') {
					node.hidden = node.getAttribute('data-method').toLowerCase().indexOf(text) < 0;
				}
			});
		});
		body.setAttribute('data-ready', 'true');
	}

	fetch(documentUrl, { headers: { Accept: 'application/json' } })
		.then(function (reply) {
			if (!reply.ok) {
				throw new Error('HTTP ' + reply.status);
			}
			return reply.json();
		})
		.then(render)
		.catch(function (e) {
			var main = document.getElementById('methods');
			main.textContent = '';
			main.appendChild(el('p', { class: 'input-error' }, ['The OpenRPC document could not be loaded: ' + e.message]));
		});
}());
